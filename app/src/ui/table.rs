//! The data table of the admin pages.

use std::cmp::Ordering;

use leptos::prelude::*;

use super::{EmptyState, PageInfo, Pager};

/// How a column compares two rows.
pub type Compare<T> = fn(&T, &T) -> Ordering;

/// A column of a [`DataTable`]: its header, the class of its header cell, and how to compare two
/// rows when the user sorts by it.
pub struct Column<T> {
    pub label: &'static str,
    pub class: Option<&'static str>,
    pub sort: Option<Compare<T>>,
}

impl<T> Column<T> {
    pub fn new(label: &'static str) -> Self {
        Column { label, class: None, sort: None }
    }

    /// A column the user can sort the rows by.
    pub fn sortable(label: &'static str, cmp: Compare<T>) -> Self {
        Column { label, class: None, sort: Some(cmp) }
    }

    /// The class of the header cell (`actions` right-aligns the row buttons' header).
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = Some(class);
        self
    }
}

/// Which column the rows are sorted by, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortState {
    pub column: usize,
    pub descending: bool,
}

impl SortState {
    /// After a press on column `i`'s header: ascending first, then the other way at each press.
    fn toggled(current: Option<SortState>, column: usize) -> SortState {
        match current {
            Some(s) if s.column == column => SortState { column, descending: !s.descending },
            _ => SortState { column, descending: false },
        }
    }
}

/// The rows' order: as given, or sorted by a column (a stable sort, so equal rows keep theirs).
fn order<T>(rows: &[T], sort: Option<(Compare<T>, bool)>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    if let Some((cmp, descending)) = sort {
        idx.sort_by(|a, b| {
            let o = cmp(&rows[*a], &rows[*b]);
            if descending { o.reverse() } else { o }
        });
    }
    idx
}

/// A table of `rows`, one `<tr>` each from `row`, under the `columns`' headers. A sortable column's
/// header is a button (with `aria-sort` on its cell) that sorts the rows in the browser; its arrow
/// has its room kept when unsorted, so sorting moves nothing but the rows. With no rows it is an
/// [`EmptyState`] saying `empty`; with `pager` a [`Pager`] follows it. `sort` is the page's when the
/// order should survive a reload of the rows.
#[component]
pub fn DataTable<T, R, V>(
    rows: Vec<T>,
    columns: Vec<Column<T>>,
    row: R,
    empty: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] empty_testid: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] sort: Option<RwSignal<Option<SortState>>>,
    #[prop(optional)] pager: Option<PageInfo>,
    /// The page lays the cells out on phones itself (cells with `data-label`): no cards.
    #[prop(optional)]
    own_phone_layout: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    if rows.is_empty() {
        return view! { <EmptyState text=empty attr:data-testid=empty_testid /> }.into_any();
    }
    let sort = sort.unwrap_or_else(|| RwSignal::new(None));
    let cmps: Vec<Option<Compare<T>>> = columns.iter().map(|c| c.sort).collect();
    let rows = StoredValue::new(rows);
    let shown = Memo::new(move |_| {
        let by = sort.get().and_then(|s| Some((cmps.get(s.column).copied().flatten()?, s.descending)));
        rows.with_value(|r| order(r, by))
    });
    // On phones the rows become cards, each cell headed by its column's name (see `card_labels`).
    let labels = testid
        .filter(|_| !own_phone_layout)
        .map(|id| card_labels(id, &columns.iter().map(|c| c.label).collect::<Vec<_>>()));
    let head = columns
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            if c.sort.is_none() {
                return view! { <th scope="col" class=c.class>{c.label}</th> }.into_any();
            }
            let state = move || sort.get().filter(|s| s.column == i);
            view! {
                <th scope="col" class=c.class aria-sort=move || state().map(|s| if s.descending { "descending" } else { "ascending" })>
                    <button type="button" class="th-sort" on:click=move |_| sort.update(|s| *s = Some(SortState::toggled(*s, i)))>
                        {c.label}
                        <span class="sort-icon" aria-hidden="true">
                            {move || match state() {
                                None => "↕",
                                Some(s) if s.descending => "↓",
                                Some(_) => "↑",
                            }}
                        </span>
                    </button>
                </th>
            }
            .into_any()
        })
        .collect_view();
    // Cards on phones, unless the page lays its cells out itself (cells with `data-label`).
    let table_class = match class {
        Some(c) => format!("table {c}"),
        None => "table".to_string(),
    };
    let table_class = if labels.is_some() { format!("{table_class} cards") } else { table_class };
    view! {
        {labels.map(|css| view! { <style inner_html=css></style> })}
        <div class="table-wrap">
            <table class=table_class data-testid=testid>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>
                    {move || {
                        let row = row.clone();
                        shown.get().into_iter().map(move |i| row(rows.with_value(|r| r[i].clone()))).collect_view()
                    }}
                </tbody>
            </table>
        </div>
        {pager.map(|p| view! { <Pager page=p /> })}
    }
    .into_any()
}

/// Below 600 px a table's rows are cards (`style/kit.css`); this names each cell there: for the
/// table `testid`, `td:nth-child(i)::before` says column i's label. Labels are quoted for CSS.
fn card_labels(testid: &str, labels: &[&str]) -> String {
    let quote = |s: &str| {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        for c in s.chars() {
            match c {
                '"' | '\\' => {
                    q.push('\\');
                    q.push(c);
                }
                '\n' | '<' | '>' => q.push(' '),
                c => q.push(c),
            }
        }
        q.push('"');
        q
    };
    let table = testid.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect::<String>();
    let rules: String = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| format!("[data-testid={table}] td:nth-child({})::before{{content:{}}}", i + 1, quote(l)))
        .collect();
    format!("@media (max-width: 599.98px){{{rules}}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_labels_name_each_column_and_quote_safely() {
        let css = card_labels("users-table", &["Имя", "Say \"hi\"", "", "</style>"]);
        assert!(css.starts_with("@media (max-width: 599.98px){"));
        assert!(css.contains("[data-testid=users-table] td:nth-child(1)::before{content:\"Имя\"}"));
        assert!(css.contains("td:nth-child(2)::before{content:\"Say \\\"hi\\\"\"}"));
        assert!(!css.contains("nth-child(3)"), "no label, no rule");
        assert!(!css.contains("</style>"));
    }

    #[test]
    fn sorting_is_stable_and_reversible() {
        let rows = [("b", 1), ("a", 2), ("b", 0), ("c", 3)];
        let by_name: Compare<(&str, i32)> = |a, b| a.0.cmp(b.0);
        assert_eq!(order(&rows, None), [0, 1, 2, 3]);
        assert_eq!(order(&rows, Some((by_name, false))), [1, 0, 2, 3]);
        assert_eq!(order(&rows, Some((by_name, true))), [3, 0, 2, 1]);
    }

    #[test]
    fn a_header_sorts_ascending_first_then_flips() {
        let first = SortState::toggled(None, 2);
        assert_eq!(first, SortState { column: 2, descending: false });
        assert_eq!(SortState::toggled(Some(first), 2), SortState { column: 2, descending: true });
        assert_eq!(SortState::toggled(Some(first), 0), SortState { column: 0, descending: false });
    }
}
