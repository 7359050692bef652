//! The menus as a tree (pure): the main menu at the root, each menu once, under the first menu
//! that opens it in breadth-first order from the root (so at its shallowest place); the menus no
//! button leads to from the main menu listed apart, each with its own unreachable submenus; and a
//! search by key, titles, texts and button labels with the breadcrumb trail of each hit.

use std::collections::{HashMap, HashSet, VecDeque};

use types::menu::{Crumb, MenuHit, MenuOutline, OutlineNode};

/// What the tree needs of one menu.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MenuInfo {
    pub id: i64,
    pub key: String,
    pub title_ru: String,
    pub title_en: String,
    pub text_ru: String,
    pub text_en: String,
    pub is_main: bool,
    /// Every button label, both languages.
    pub labels: Vec<String>,
    pub buttons: usize,
    /// The menus its submenu buttons open, in keyboard order.
    pub opens: Vec<i64>,
}

/// Lower case, `ё` as `е`.
fn fold(s: &str) -> String {
    s.to_lowercase().replace('ё', "е")
}

/// The outline of `menus` (in id order), with the hits of `query` (empty: none).
pub fn outline(menus: &[MenuInfo], query: &str) -> MenuOutline {
    let by_id: HashMap<i64, &MenuInfo> = menus.iter().map(|m| (m.id, m)).collect();
    let mut placed: HashSet<i64> = HashSet::new();
    // parent[id]: the menu it hangs under.
    let mut parent: HashMap<i64, i64> = HashMap::new();
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut tops: Vec<i64> = Vec::new();
    let main = menus.iter().find(|m| m.is_main).map(|m| m.id);
    let starts = main.into_iter().chain(menus.iter().map(|m| m.id));
    for start in starts {
        if !placed.insert(start) {
            continue;
        }
        tops.push(start);
        let mut queue = VecDeque::from([start]);
        while let Some(id) = queue.pop_front() {
            for &child in by_id.get(&id).map(|m| m.opens.as_slice()).unwrap_or(&[]) {
                if by_id.contains_key(&child) && placed.insert(child) {
                    parent.insert(child, id);
                    children.entry(id).or_default().push(child);
                    queue.push_back(child);
                }
            }
        }
    }
    fn node(id: i64, by_id: &HashMap<i64, &MenuInfo>, children: &HashMap<i64, Vec<i64>>) -> OutlineNode {
        let m = by_id[&id];
        OutlineNode {
            id,
            key: m.key.clone(),
            title_ru: m.title_ru.clone(),
            title_en: m.title_en.clone(),
            is_main: m.is_main,
            buttons: m.buttons,
            children: children
                .get(&id)
                .map(|c| c.iter().map(|&c| node(c, by_id, children)).collect())
                .unwrap_or_default(),
        }
    }
    let mut out = MenuOutline::default();
    for top in tops {
        let n = node(top, &by_id, &children);
        if Some(top) == main {
            out.root = Some(n);
        } else {
            out.unreachable.push(n);
        }
    }
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    if !words.is_empty() {
        for m in menus {
            let hay = fold(&[&m.key, &m.title_ru, &m.title_en, &m.text_ru, &m.text_en].map(|s| s.as_str()).join("\n"))
                + "\n"
                + &fold(&m.labels.join("\n"));
            if words.iter().all(|w| hay.contains(w.as_str())) {
                let mut path = Vec::new();
                let mut at = Some(m.id);
                while let Some(id) = at {
                    let info = by_id[&id];
                    path.push(Crumb { id, title_ru: info.title_ru.clone(), title_en: info.title_en.clone() });
                    at = parent.get(&id).copied();
                }
                path.reverse();
                out.hits.push(MenuHit { id: m.id, path });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, title: &str, is_main: bool, opens: &[i64]) -> MenuInfo {
        MenuInfo {
            id,
            key: format!("k{id}"),
            title_ru: title.into(),
            title_en: String::new(),
            is_main,
            opens: opens.to_vec(),
            buttons: opens.len(),
            ..MenuInfo::default()
        }
    }

    fn ids(n: &OutlineNode) -> String {
        if n.children.is_empty() {
            n.id.to_string()
        } else {
            format!("{}({})", n.id, n.children.iter().map(ids).collect::<Vec<_>>().join(" "))
        }
    }

    #[test]
    fn the_main_menu_is_the_root_and_each_menu_appears_once() {
        // 1 → 2, 3; 2 → 4, 1 (a loop back); 3 → 4 (already under 2); 5 → 6 unreachable; 6 → 5.
        let menus = vec![
            m(1, "Главное", true, &[2, 3]),
            m(2, "Оплата", false, &[4, 1]),
            m(3, "Договор", false, &[4, 99]),
            m(4, "Карты", false, &[]),
            m(5, "Старое", false, &[6]),
            m(6, "Старее", false, &[5]),
            m(7, "Одно", false, &[]),
        ];
        let o = outline(&menus, "");
        assert_eq!(ids(o.root.as_ref().unwrap()), "1(2(4) 3)");
        assert_eq!(o.unreachable.iter().map(ids).collect::<Vec<_>>(), vec!["5(6)", "7"]);
        assert!(o.hits.is_empty());
    }

    #[test]
    fn breadth_first_puts_a_menu_at_its_shallowest_place() {
        let menus = vec![m(1, "Main", true, &[2, 3]), m(2, "A", false, &[3]), m(3, "B", false, &[])];
        assert_eq!(ids(outline(&menus, "").root.as_ref().unwrap()), "1(2 3)");
    }

    #[test]
    fn search_finds_titles_texts_and_labels_with_breadcrumbs() {
        let mut menus = vec![m(1, "Главное", true, &[2]), m(2, "Оплата", false, &[3]), m(3, "Карты", false, &[])];
        menus[2].labels = vec!["Привязать ёлку".into()];
        menus[1].text_ru = "Оплата и баланс".into();
        let o = outline(&menus, "ЕЛКУ привязать");
        assert_eq!(o.hits.len(), 1);
        assert_eq!(o.hits[0].id, 3);
        assert_eq!(
            o.hits[0].path.iter().map(|c| c.title_ru.as_str()).collect::<Vec<_>>(),
            ["Главное", "Оплата", "Карты"]
        );
        assert_eq!(outline(&menus, "баланс").hits.iter().map(|h| h.id).collect::<Vec<_>>(), [2]);
        assert!(outline(&menus, "баланс карты").hits.is_empty(), "every word, in one menu");
    }

    #[test]
    fn without_a_main_menu_everything_is_unreachable() {
        let o = outline(&[m(1, "A", false, &[2]), m(2, "B", false, &[])], "b");
        assert!(o.root.is_none());
        assert_eq!(o.unreachable.iter().map(ids).collect::<Vec<_>>(), vec!["1(2)"]);
        assert_eq!(o.hits[0].path.len(), 2);
    }
}
