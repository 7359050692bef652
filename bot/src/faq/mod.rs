//! The FAQ as admins manage it: entries with their versions, import and export in the shared CSV
//! format, and the queue of questions the bot could not answer.

pub mod csv;
