//! The FAQ workbench (`tr.faq.…`): the rules an entry or an import file breaks, and an import's
//! report (the web preview and `server faq import` print the same sentences). The pages' own
//! labels are in `faq_pages.rs`.

use crate::faq::model::{CsvProblem, FaqField, FaqFieldError, FaqProblem, ImportPlan, ImportProblem, ImportRefusal};

pub struct Faq {
    pub field: fn(FaqField) -> &'static str,
    pub problem: fn(&FaqProblem) -> String,
    pub csv: fn(&CsvProblem) -> String,
    pub line: fn(usize) -> String,
    pub changed_meanwhile: fn(i32) -> String,
    pub in_use: fn(&[String]) -> String,
    pub not_archived: &'static str,
    pub import_summary: fn(&ImportPlan) -> String,
    pub import_nothing: &'static str,
    pub fields_changed: fn(&[String]) -> String,
    pub new_entry: &'static str,
    pub archived_entry: &'static str,
}

impl Faq {
    /// "Answer: …" — a field's problem as one sentence.
    pub fn field_error(&self, e: &FaqFieldError) -> String {
        format!("{}: {}", (self.field)(e.field), (self.problem)(&e.problem))
    }

    /// Why an import file was refused: its line and what is wrong there.
    pub fn refusal(&self, r: &ImportRefusal) -> String {
        let what = match &r.problem {
            ImportProblem::Csv(p) => (self.csv)(p),
            ImportProblem::Field(e) => self.field_error(e),
        };
        format!("{}: {what}", (self.line)(r.line))
    }

    /// One line per entry an import touches: `+ line 4: pay_card — Question`.
    pub fn import_lines(&self, plan: &ImportPlan) -> Vec<String> {
        let name = |i: &crate::faq::model::ImportItem| match &i.slug {
            Some(s) => format!("{s} — {}", i.question),
            None => i.question.clone(),
        };
        let at =
            |i: &crate::faq::model::ImportItem| i.line.map(|l| format!("{}: ", (self.line)(l))).unwrap_or_default();
        let mut out = Vec::new();
        for i in &plan.added {
            out.push(format!("+ {}{} ({})", at(i), name(i), self.new_entry));
        }
        for i in &plan.changed {
            out.push(format!("~ {}{} ({})", at(i), name(i), (self.fields_changed)(&i.fields)));
        }
        for i in &plan.archived {
            out.push(format!("- {} ({})", name(i), self.archived_entry));
        }
        out
    }
}

fn ru_field(f: FaqField) -> &'static str {
    match f {
        FaqField::Slug => "ID в CSV",
        FaqField::Question => "Вопрос",
        FaqField::Variants => "Варианты вопроса",
        FaqField::Answer => "Ответ",
        FaqField::AnswerEn => "Ответ на английском",
        FaqField::Category => "Категория",
        FaqField::Buttons => "Кнопки",
    }
}

fn en_field(f: FaqField) -> &'static str {
    match f {
        FaqField::Slug => "CSV id",
        FaqField::Question => "Question",
        FaqField::Variants => "Variants",
        FaqField::Answer => "Answer",
        FaqField::AnswerEn => "English answer",
        FaqField::Category => "Category",
        FaqField::Buttons => "Buttons",
    }
}

fn ru_problem(p: &FaqProblem) -> String {
    match p {
        FaqProblem::Empty => "не заполнено".into(),
        FaqProblem::TooLong { max } => format!("длиннее {max} символов"),
        FaqProblem::SlugInvalid => "только буквы, цифры, «_», «-» и «.»".into(),
        FaqProblem::SlugTaken => "такой ID уже у другого ответа".into(),
        FaqProblem::DuplicateVariant { line } => format!("строка {line} повторяет вопрос или другой вариант"),
        FaqProblem::VariantHasPipe { line } => format!("в строке {line} есть «|» — этот знак разделяет варианты в CSV"),
        FaqProblem::TooManyVariants { max } => format!("больше {max} вариантов"),
        FaqProblem::Format { line, column, message } => {
            format!("Telegram не примет разметку (строка {line}, символ {column}): {message}")
        }
        FaqProblem::TooLongFormatted { length, max } => {
            format!("{length} символов после форматирования, а в сообщение Telegram помещается {max}")
        }
        FaqProblem::TooManyButtons { max } => format!("не больше {max} кнопок"),
        FaqProblem::ButtonLabelEmpty { index } => format!("у кнопки {index} нет надписи"),
        FaqProblem::ButtonLabelTooLong { index, max } => {
            format!("надпись кнопки {index} длиннее {max} символов — на телефоне её обрежут")
        }
        FaqProblem::ButtonUrlInvalid { index } => {
            format!("ссылка кнопки {index} должна начинаться с https://, http:// или tg://")
        }
        FaqProblem::ButtonMenuMissing { index } => format!("меню кнопки {index} больше нет"),
    }
}

fn en_problem(p: &FaqProblem) -> String {
    match p {
        FaqProblem::Empty => "is empty".into(),
        FaqProblem::TooLong { max } => format!("is longer than {max} characters"),
        FaqProblem::SlugInvalid => "may have letters, digits, “_”, “-” and “.” only".into(),
        FaqProblem::SlugTaken => "another entry has this id".into(),
        FaqProblem::DuplicateVariant { line } => format!("line {line} repeats the question or another variant"),
        FaqProblem::VariantHasPipe { line } => format!("line {line} has “|”, which separates variants in CSV"),
        FaqProblem::TooManyVariants { max } => format!("more than {max} variants"),
        FaqProblem::Format { line, column, message } => {
            format!("Telegram would refuse the formatting (line {line}, character {column}): {message}")
        }
        FaqProblem::TooLongFormatted { length, max } => {
            format!("{length} characters after formatting; a Telegram message holds {max}")
        }
        FaqProblem::TooManyButtons { max } => format!("at most {max} buttons"),
        FaqProblem::ButtonLabelEmpty { index } => format!("button {index} has no label"),
        FaqProblem::ButtonLabelTooLong { index, max } => {
            format!("button {index}'s label is longer than {max} characters; phones cut it")
        }
        FaqProblem::ButtonUrlInvalid { index } => {
            format!("button {index}'s link must start with https://, http:// or tg://")
        }
        FaqProblem::ButtonMenuMissing { index } => format!("button {index}'s menu no longer exists"),
    }
}

fn ru_csv(p: &CsvProblem) -> String {
    match p {
        CsvProblem::NotUtf8 => "файл не в кодировке UTF-8".into(),
        CsvProblem::Empty => "файл пуст".into(),
        CsvProblem::BadHeader { found } => {
            format!("первая строка должна быть id,question,variants,answer, а не «{found}»")
        }
        CsvProblem::UnbalancedQuote => "кавычка открыта и не закрыта".into(),
        CsvProblem::QuoteInsideField => "кавычка посреди поля (внутри поля кавычки удваиваются)".into(),
        CsvProblem::WrongColumnCount { found } => format!("{found} столбцов вместо 4"),
        CsvProblem::EmptyQuestion => "пустой вопрос".into(),
        CsvProblem::EmptyAnswer => "пустой ответ".into(),
        CsvProblem::DuplicateId { id, first_line } => format!("ID «{id}» уже был в строке {first_line}"),
    }
}

fn en_csv(p: &CsvProblem) -> String {
    match p {
        CsvProblem::NotUtf8 => "the file is not UTF-8".into(),
        CsvProblem::Empty => "the file is empty".into(),
        CsvProblem::BadHeader { found } => format!("the first line must be id,question,variants,answer, not “{found}”"),
        CsvProblem::UnbalancedQuote => "a quote is opened and never closed".into(),
        CsvProblem::QuoteInsideField => "a quote in the middle of a field (quotes inside a field are doubled)".into(),
        CsvProblem::WrongColumnCount { found } => format!("{found} columns instead of 4"),
        CsvProblem::EmptyQuestion => "the question is empty".into(),
        CsvProblem::EmptyAnswer => "the answer is empty".into(),
        CsvProblem::DuplicateId { id, first_line } => format!("id “{id}” was already used on line {first_line}"),
    }
}

fn ru_fields(fields: &[String]) -> String {
    let names: Vec<&str> = fields
        .iter()
        .map(|f| match f.as_str() {
            "question" => "вопрос",
            "variants" => "варианты",
            "answer" => "ответ",
            "restored" => "возвращён из архива",
            other => other,
        })
        .collect();
    format!("изменено: {}", names.join(", "))
}

fn en_fields(fields: &[String]) -> String {
    let names: Vec<&str> = fields
        .iter()
        .map(|f| match f.as_str() {
            "restored" => "restored from the archive",
            other => other,
        })
        .collect();
    format!("changed: {}", names.join(", "))
}

pub(super) const RU: Faq = Faq {
    field: ru_field,
    problem: ru_problem,
    csv: ru_csv,
    line: |n| format!("строка {n}"),
    changed_meanwhile: |v| {
        format!(
            "Пока вы редактировали, ответ сохранил кто-то другой (теперь версия {v}). Откройте его заново, чтобы не затереть чужие правки."
        )
    },
    in_use: |menus| format!("Ответ открывают кнопки меню: {}. Сначала уберите их.", menus.join(", ")),
    not_archived: "Удалить насовсем можно только ответ из архива.",
    import_summary: |p| {
        format!(
            "Добавлено: {}, изменено: {}, в архив: {}, без изменений: {}.",
            p.added.len(),
            p.changed.len(),
            p.archived.len(),
            p.unchanged
        )
    },
    import_nothing: "В файле нет ничего нового.",
    fields_changed: ru_fields,
    new_entry: "новый",
    archived_entry: "нет в файле — в архив",
};

pub(super) const EN: Faq = Faq {
    field: en_field,
    problem: en_problem,
    csv: en_csv,
    line: |n| format!("line {n}"),
    changed_meanwhile: |v| {
        format!(
            "Someone else saved this entry while you were editing (it is now version {v}). Open it again so their changes aren't lost."
        )
    },
    in_use: |menus| format!("Menu buttons open this entry: {}. Remove them first.", menus.join(", ")),
    not_archived: "Only an archived entry can be deleted for good.",
    import_summary: |p| {
        format!(
            "Added: {}, changed: {}, archived: {}, unchanged: {}.",
            p.added.len(),
            p.changed.len(),
            p.archived.len(),
            p.unchanged
        )
    },
    import_nothing: "The file has nothing new.",
    fields_changed: en_fields,
    new_entry: "new",
    archived_entry: "not in the file: archived",
};
