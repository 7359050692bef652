//! The keyboard as the menu editor holds it, and the moves an admin makes with the mouse (drag and
//! drop) and the keyboard (Alt+arrows, or the move buttons). Pure: no signals, no DOM; the page
//! keeps a [`Keyboard`] in one signal and calls these.
//!
//! Guarantees:
//! - every row and button keeps its `key` (a number of this editor, never sent) through every
//!   move, so the page's inputs and the focus follow the button, not its old place;
//! - a move never loses or duplicates a button: the buttons before and after are the same set;
//! - a row left empty by a move disappears; moving down from the last row (or up from the first)
//!   makes a row of its own — Telegram has no empty rows, and neither does the editor;
//! - [`Keyboard::draft_rows`] gives back exactly the drafts it was made from when nothing moved.

use crate::menus::model::{ButtonDraft, MenuTarget};

/// A button with the editor's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub key: u64,
    pub draft: ButtonDraft,
}

/// A row with the editor's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: u64,
    pub buttons: Vec<Button>,
}

/// A keyboard move made with the keyboard or the move buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// One place to the left in its row.
    Left,
    Right,
    /// To the row above (at the same place, or at its end); from the first row, to a new row above.
    Up,
    /// To the row below; from the last row, to a new row below.
    Down,
}

/// Where a dragged button is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drop {
    /// Before this button.
    Before(u64),
    /// After this button (the right half of a chip).
    After(u64),
    /// At the end of this row.
    EndOf(u64),
    /// In a new row of its own at this index (0: above the first row; the number of rows: below
    /// the last).
    NewRow(usize),
}

/// The rows of a menu being edited, with the counter its keys come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keyboard {
    pub rows: Vec<Row>,
    next: u64,
}

impl Keyboard {
    pub fn new(rows: &[Vec<ButtonDraft>]) -> Keyboard {
        let mut k = Keyboard::default();
        for row in rows.iter().filter(|r| !r.is_empty()) {
            let key = k.key();
            let buttons = row.iter().map(|d| Button { key: k.key(), draft: d.clone() }).collect();
            k.rows.push(Row { key, buttons });
        }
        k
    }

    fn key(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// The rows as the server takes them.
    pub fn draft_rows(&self) -> Vec<Vec<ButtonDraft>> {
        self.rows.iter().map(|r| r.buttons.iter().map(|b| b.draft.clone()).collect()).collect()
    }

    /// Row and place (0-based) of button `key`.
    pub fn find(&self, key: u64) -> Option<(usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| row.buttons.iter().position(|b| b.key == key).map(|i| (r, i)))
    }

    pub fn button(&self, key: u64) -> Option<&ButtonDraft> {
        self.find(key).map(|(r, i)| &self.rows[r].buttons[i].draft)
    }

    pub fn button_mut(&mut self, key: u64) -> Option<&mut ButtonDraft> {
        let (r, i) = self.find(key)?;
        Some(&mut self.rows[r].buttons[i].draft)
    }

    /// The key of the button at row `r`, place `i` (0-based).
    pub fn key_at(&self, r: usize, i: usize) -> Option<u64> {
        self.rows.get(r)?.buttons.get(i).map(|b| b.key)
    }

    pub fn count(&self) -> usize {
        self.rows.iter().map(|r| r.buttons.len()).sum()
    }

    /// Adds a button at the end of row `row` (a new last row when `None`); returns its key.
    pub fn add(&mut self, row: Option<u64>, draft: ButtonDraft) -> u64 {
        let key = self.key();
        let button = Button { key, draft };
        match row.and_then(|rk| self.rows.iter_mut().find(|r| r.key == rk)) {
            Some(r) => r.buttons.push(button),
            None => {
                let rk = self.key();
                self.rows.push(Row { key: rk, buttons: vec![button] });
            }
        }
        key
    }

    /// Removes button `key`; returns the key of the button that takes its place for the focus (the
    /// next in its row, else the previous, else the first of the next row).
    pub fn remove(&mut self, key: u64) -> Option<u64> {
        let (r, i) = self.find(key)?;
        self.rows[r].buttons.remove(i);
        let row = &self.rows[r];
        let next = row.buttons.get(i).or_else(|| i.checked_sub(1).and_then(|j| row.buttons.get(j))).map(|b| b.key);
        self.tidy();
        next.or_else(|| {
            self.rows.get(r).or_else(|| self.rows.last()).and_then(|row| row.buttons.first()).map(|b| b.key)
        })
    }

    /// Moves button `key` one step; false when it can't go that way (left of the first place,
    /// right of the last, or up/down when it is alone in the only row).
    pub fn step(&mut self, key: u64, m: Move) -> bool {
        let Some((r, i)) = self.find(key) else { return false };
        match m {
            Move::Left | Move::Right => {
                let j = if m == Move::Left { i.checked_sub(1) } else { Some(i + 1) };
                match j.filter(|j| *j < self.rows[r].buttons.len()) {
                    Some(j) => {
                        self.rows[r].buttons.swap(i, j);
                        true
                    }
                    None => false,
                }
            }
            Move::Up | Move::Down => {
                let alone = self.rows[r].buttons.len() == 1;
                let target =
                    if m == Move::Up { r.checked_sub(1) } else { Some(r + 1).filter(|t| *t < self.rows.len()) };
                match target {
                    Some(t) => {
                        let to_key = self.rows[t].key;
                        // At the same place in the row it joins, or at its end.
                        let before = self.rows[t].buttons.get(i).map(|b| b.key);
                        self.drop(key, before.map(Drop::Before).unwrap_or(Drop::EndOf(to_key)))
                    }
                    // Off the edge: a row of its own, unless it already is one.
                    None if alone => false,
                    None => self.drop(key, Drop::NewRow(if m == Move::Up { 0 } else { self.rows.len() })),
                }
            }
        }
    }

    /// Puts button `key` where it was dropped; false when that is where it already is (or the
    /// target is gone).
    pub fn drop(&mut self, key: u64, to: Drop) -> bool {
        let to = match to {
            Drop::After(other) => match self.find(other) {
                Some((r, i)) => match self.key_at(r, i + 1) {
                    Some(next) => Drop::Before(next),
                    None => Drop::EndOf(self.rows[r].key),
                },
                None => return false,
            },
            to => to,
        };
        if to == Drop::Before(key) {
            return false;
        }
        let Some((r, i)) = self.find(key) else { return false };
        // Where it would land, checked before anything changes.
        match to {
            Drop::Before(other) if self.find(other).is_none() => return false,
            Drop::EndOf(row) if !self.rows.iter().any(|x| x.key == row) => return false,
            Drop::EndOf(row) if self.rows[r].key == row && i + 1 == self.rows[r].buttons.len() => return false,
            Drop::Before(other) if self.find(other) == Some((r, i + 1)) => return false,
            Drop::NewRow(at) if self.rows[r].buttons.len() == 1 && (at == r || at == r + 1) => return false,
            _ => {}
        }
        let button = self.rows[r].buttons.remove(i);
        match to {
            Drop::Before(other) => {
                let (tr, ti) = self.find(other).expect("checked above");
                self.rows[tr].buttons.insert(ti, button);
            }
            Drop::EndOf(row) => {
                let t = self.rows.iter().position(|x| x.key == row).expect("checked above");
                self.rows[t].buttons.push(button);
            }
            Drop::After(_) => unreachable!("turned into Before or EndOf above"),
            Drop::NewRow(at) => {
                let rk = self.key();
                self.rows.insert(at.min(self.rows.len()), Row { key: rk, buttons: vec![button] });
            }
        }
        self.tidy();
        true
    }

    /// Drops empty rows.
    fn tidy(&mut self) {
        self.rows.retain(|r| !r.buttons.is_empty());
    }
}

/// A new button's draft: an empty label opening an operator chat is the least surprising default
/// (it needs no target to be valid once labelled).
pub fn new_button() -> ButtonDraft {
    ButtonDraft { id: None, label_ru: String::new(), label_en: String::new(), target: MenuTarget::Operator }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(rows: &[&[&str]]) -> Keyboard {
        let drafts: Vec<Vec<ButtonDraft>> = rows
            .iter()
            .map(|r| r.iter().map(|l| ButtonDraft { label_ru: l.to_string(), ..new_button() }).collect())
            .collect();
        Keyboard::new(&drafts)
    }

    fn labels(k: &Keyboard) -> Vec<Vec<String>> {
        k.rows.iter().map(|r| r.buttons.iter().map(|b| b.draft.label_ru.clone()).collect()).collect()
    }

    fn key(k: &Keyboard, label: &str) -> u64 {
        k.rows.iter().flat_map(|r| &r.buttons).find(|b| b.draft.label_ru == label).unwrap().key
    }

    #[test]
    fn round_trip_without_moves() {
        let k = kb(&[&["a", "b"], &["c"]]);
        assert_eq!(labels(&k), vec![vec!["a", "b"], vec!["c"]]);
        assert_eq!(Keyboard::new(&k.draft_rows()).draft_rows(), k.draft_rows());
    }

    #[test]
    fn left_right_within_a_row_and_not_past_its_ends() {
        let mut k = kb(&[&["a", "b", "c"]]);
        let a = key(&k, "a");
        assert!(!k.step(a, Move::Left));
        assert!(k.step(a, Move::Right));
        assert_eq!(labels(&k), vec![vec!["b", "a", "c"]]);
        assert!(k.step(a, Move::Right));
        assert!(!k.step(a, Move::Right));
        assert_eq!(labels(&k), vec![vec!["b", "c", "a"]]);
    }

    #[test]
    fn up_and_down_join_the_next_row_at_the_same_place_and_empty_rows_vanish() {
        let mut k = kb(&[&["a", "b"], &["c"]]);
        let b = key(&k, "b");
        assert!(k.step(b, Move::Down));
        assert_eq!(labels(&k), vec![vec!["a"], vec!["c", "b"]]);
        let a = key(&k, "a");
        assert!(k.step(a, Move::Down));
        assert_eq!(labels(&k), vec![vec!["a", "c", "b"]], "the emptied first row is gone");
        // Alone in the only row: nowhere to go up or down.
        let mut single = kb(&[&["x"]]);
        let x = key(&single, "x");
        assert!(!single.step(x, Move::Up));
        assert!(!single.step(x, Move::Down));
    }

    #[test]
    fn off_the_edge_makes_a_row_of_its_own() {
        let mut k = kb(&[&["a", "b"]]);
        let b = key(&k, "b");
        assert!(k.step(b, Move::Down));
        assert_eq!(labels(&k), vec![vec!["a"], vec!["b"]]);
        // Up joins the row above at its own place (the first).
        assert!(k.step(b, Move::Up));
        assert_eq!(labels(&k), vec![vec!["b", "a"]]);
        let a = key(&k, "a");
        assert!(k.step(a, Move::Up));
        assert_eq!(labels(&k), vec![vec!["a"], vec!["b"]]);
    }

    #[test]
    fn drops_before_at_end_and_in_new_rows_keep_every_button_once() {
        let mut k = kb(&[&["a", "b"], &["c", "d"]]);
        let (a, c, d) = (key(&k, "a"), key(&k, "c"), key(&k, "d"));
        let row2 = k.rows[1].key;
        assert!(k.drop(a, Drop::Before(d)));
        assert_eq!(labels(&k), vec![vec!["b"], vec!["c", "a", "d"]]);
        assert!(k.drop(c, Drop::NewRow(0)));
        assert_eq!(labels(&k), vec![vec!["c"], vec!["b"], vec!["a", "d"]]);
        assert!(!k.drop(d, Drop::EndOf(row2)), "already last in its row");
        assert!(!k.drop(a, Drop::Before(d)), "already just before it");
        assert!(!k.drop(c, Drop::NewRow(0)), "already alone in the first row");
        assert!(k.drop(c, Drop::EndOf(row2)));
        assert_eq!(labels(&k), vec![vec!["b"], vec!["a", "d", "c"]]);
        assert!(k.drop(a, Drop::After(d)), "the right half of the next chip: after it");
        assert_eq!(labels(&k), vec![vec!["b"], vec!["d", "a", "c"]]);
        assert!(!k.drop(a, Drop::After(d)), "already just after it");
        assert_eq!(k.count(), 4);
        let mut all: Vec<String> = labels(&k).concat();
        all.sort();
        assert_eq!(all, vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn keys_survive_moves_and_removal_hands_the_focus_on() {
        let mut k = kb(&[&["a", "b"], &["c"]]);
        let (a, b, c) = (key(&k, "a"), key(&k, "b"), key(&k, "c"));
        assert!(k.step(a, Move::Down));
        assert_eq!(labels(&k), vec![vec!["b"], vec!["a", "c"]]);
        assert_eq!(k.button(a).unwrap().label_ru, "a");
        assert_eq!(k.remove(b), Some(a), "its row is gone: the next row's first");
        assert_eq!(labels(&k), vec![vec!["a", "c"]]);
        assert_eq!(k.remove(a), Some(c), "the next in its row");
        assert_eq!(k.remove(c), None);
        assert!(k.rows.is_empty());
        let new = k.add(None, new_button());
        assert_eq!(k.find(new), Some((0, 0)));
    }
}
