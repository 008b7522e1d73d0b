//! Pairs the passages of two versions before any text is diffed.
//!
//! Four passes, each only over what the previous ones left unpaired:
//! 1. identical text (punctuation aside) — catches renumbered and moved but unchanged clauses;
//! 2. the same heading path once numbering and punctuation are gone (`（一）加大…力度。` ≈
//!    `（一）加大…力度`) — policy documents only, since law articles are renumbered;
//! 3. character-bigram similarity, best pairs first — edited, moved or renumbered clauses;
//! 4. a leftover passage next to a pair joins it when it makes the pair more alike — a clause
//!    split in two, or two merged into one.
//!
//! The result lists groups in reading order of the new version, with removed passages where they
//! stood in the old one.

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::text::{bigrams, dice, heading_key, strip_punct};

/// Two passages below this similarity are not the same clause.
const MIN_SIMILARITY: f64 = 0.5;
/// A leftover passage joins a neighbouring pair when this share of its bigrams is in the pair.
const MIN_CONTAINMENT: f64 = 0.6;
/// A leftover passage pairs with a distant leftover that holds this share of its bigrams.
const MIN_DISTANT_CONTAINMENT: f64 = 0.8;
/// Passages shorter than this (in bigrams) are too short to be recognised inside another.
const MIN_CONTAINED_GRAMS: usize = 8;

/// What the aligner needs to know about one passage.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Heading path with numbering and punctuation removed, `/`-joined.
    pub key: String,
    /// Text compared for similarity (no article label, line wraps joined).
    pub text: String,
    /// True for a law article: its heading is a number that shifts, so it never aligns by key.
    pub is_article: bool,
}

impl Unit {
    /// A unit from a heading path and the text to compare.
    pub fn new(path: &[String], text: String, is_article: bool) -> Unit {
        let key = path
            .iter()
            .map(|h| heading_key(h))
            .collect::<Vec<_>>()
            .join("/");
        Unit {
            key,
            text,
            is_article,
        }
    }
}

/// Old and new passages (indexes) that correspond; one side is empty for a removed or added one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub old: Vec<usize>,
    pub new: Vec<usize>,
}

/// Aligns two passage lists; every index of both appears in exactly one group.
pub fn align(old: &[Unit], new: &[Unit]) -> Vec<Group> {
    let mut pairing = Pairing::new(old.len(), new.len());
    pair_identical(old, new, &mut pairing);
    pair_by_heading(old, new, &mut pairing);
    let old_grams: Vec<_> = old.iter().map(|u| bigrams(&u.text)).collect();
    let new_grams: Vec<_> = new.iter().map(|u| bigrams(&u.text)).collect();
    pair_similar(&old_grams, &new_grams, &mut pairing);
    let mut groups = pairing.groups();
    attach_splits(&mut groups, &old_grams, &new_grams);
    pair_contained(&mut groups, &old_grams, &new_grams);
    order(groups, old.len(), new.len())
}

/// Which new passage each old one is paired with, and back.
struct Pairing {
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
}

impl Pairing {
    fn new(old: usize, new: usize) -> Pairing {
        Pairing {
            old_to_new: vec![None; old],
            new_to_old: vec![None; new],
        }
    }

    fn is_free(&self, i: usize, j: usize) -> bool {
        self.old_to_new[i].is_none() && self.new_to_old[j].is_none()
    }

    fn pair(&mut self, i: usize, j: usize) {
        self.old_to_new[i] = Some(j);
        self.new_to_old[j] = Some(i);
    }

    /// One group per pair plus one per unpaired passage (order fixed later).
    fn groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, j) in self.old_to_new.iter().enumerate() {
            match j {
                Some(j) => groups.push(Group {
                    old: vec![i],
                    new: vec![*j],
                }),
                None => groups.push(Group {
                    old: vec![i],
                    new: vec![],
                }),
            }
        }
        for (j, i) in self.new_to_old.iter().enumerate() {
            if i.is_none() {
                groups.push(Group {
                    old: vec![],
                    new: vec![j],
                });
            }
        }
        groups
    }
}

/// Pass 1: passages whose text is the same apart from punctuation, in order (longest common
/// subsequence), so a boilerplate sentence repeated in several places pairs with its neighbour.
fn pair_identical(old: &[Unit], new: &[Unit], pairing: &mut Pairing) {
    // Empty texts never pair by text: a sentinel makes each one unique.
    let keys = |units: &[Unit], side: &str| -> Vec<String> {
        units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let t = strip_punct(&u.text);
                if t.is_empty() {
                    format!("\0{side}{i}")
                } else {
                    t
                }
            })
            .collect()
    };
    pair_equal_runs(&keys(old, "o"), &keys(new, "n"), pairing);
}

/// Pass 2: policy passages under the same heading path.
fn pair_by_heading(old: &[Unit], new: &[Unit], pairing: &mut Pairing) {
    let keys = |units: &[Unit], side: &str, free: &dyn Fn(usize) -> bool| -> Vec<String> {
        units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                if u.is_article || !free(i) {
                    format!("\0{side}{i}")
                } else {
                    u.key.clone()
                }
            })
            .collect()
    };
    let old_free = |i: usize| pairing.old_to_new[i].is_none();
    let new_free = |j: usize| pairing.new_to_old[j].is_none();
    let old_keys = keys(old, "o", &old_free);
    let new_keys = keys(new, "n", &new_free);
    pair_equal_runs(&old_keys, &new_keys, pairing);
}

/// Pairs the items an in-order diff of two key lists finds equal.
fn pair_equal_runs(old_keys: &[String], new_keys: &[String], pairing: &mut Pairing) {
    for op in capture_diff_slices(Algorithm::Patience, old_keys, new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            continue;
        }
        for (i, j) in old_range.zip(new_range) {
            if pairing.is_free(i, j) {
                pairing.pair(i, j);
            }
        }
    }
}

/// Pass 3: the most similar remaining passages, best first; ties go to the closer positions.
fn pair_similar(
    old: &[HashSet<(char, char)>],
    new: &[HashSet<(char, char)>],
    pairing: &mut Pairing,
) {
    let free_old: Vec<usize> = (0..old.len())
        .filter(|&i| pairing.old_to_new[i].is_none())
        .collect();
    let free_new: Vec<usize> = (0..new.len())
        .filter(|&j| pairing.new_to_old[j].is_none())
        .collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &i in &free_old {
        for &j in &free_new {
            let (a, b) = (old[i].len(), new[j].len());
            // Dice can be at most 2·min/(min+max): skip pairs whose sizes already rule them out.
            if a == 0 || b == 0 || 2.0 * a.min(b) as f64 / (a + b) as f64 <= MIN_SIMILARITY {
                continue;
            }
            let score = dice(&old[i], &new[j]);
            if score > MIN_SIMILARITY {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| x.1.abs_diff(x.2).cmp(&y.1.abs_diff(y.2)))
    });
    for (_, i, j) in candidates {
        if pairing.is_free(i, j) {
            pairing.pair(i, j);
        }
    }
}

/// Pass 4: a lone passage whose text is mostly inside a neighbouring pair joins that pair.
fn attach_splits(
    groups: &mut Vec<Group>,
    old: &[HashSet<(char, char)>],
    new: &[HashSet<(char, char)>],
) {
    let union = |sets: &[HashSet<(char, char)>], idx: &[usize]| -> HashSet<(char, char)> {
        idx.iter().flat_map(|&k| sets[k].iter().copied()).collect()
    };
    let pair_of_old: HashMap<usize, usize> = index_of(groups, |g| &g.old, |g| !g.new.is_empty());
    let pair_of_new: HashMap<usize, usize> = index_of(groups, |g| &g.new, |g| !g.old.is_empty());
    let mut absorbed: Vec<usize> = Vec::new();
    for (gi, group) in groups.clone().iter().enumerate() {
        let (lone, lone_sets, side_is_new, pair_of) =
            match (group.old.as_slice(), group.new.as_slice()) {
                ([], [j]) => (*j, new, true, &pair_of_new),
                ([i], []) => (*i, old, false, &pair_of_old),
                _ => continue,
            };
        if lone_sets[lone].is_empty() {
            continue;
        }
        let neighbours = [lone.checked_sub(1), lone.checked_add(1)];
        for target in neighbours
            .into_iter()
            .flatten()
            .filter_map(|k| pair_of.get(&k).copied())
        {
            let pair = &groups[target];
            let (own, other) = if side_is_new {
                (&pair.new, &pair.old)
            } else {
                (&pair.old, &pair.new)
            };
            let other_sets = if side_is_new { old } else { new };
            let other_grams = union(other_sets, other);
            let own_grams = union(lone_sets, own);
            let lone_grams = &lone_sets[lone];
            let inside = lone_grams
                .iter()
                .filter(|g| other_grams.contains(g))
                .count();
            let containment = inside as f64 / lone_grams.len() as f64;
            let mut joined = own_grams.clone();
            joined.extend(lone_grams.iter().copied());
            if containment >= MIN_CONTAINMENT
                && dice(&joined, &other_grams) > dice(&own_grams, &other_grams)
            {
                let pair = &mut groups[target];
                let side = if side_is_new {
                    &mut pair.new
                } else {
                    &mut pair.old
                };
                side.push(lone);
                side.sort_unstable();
                absorbed.push(gi);
                break;
            }
        }
    }
    let absorbed: HashSet<usize> = absorbed.into_iter().collect();
    let mut gi = 0;
    groups.retain(|_| {
        gi += 1;
        !absorbed.contains(&(gi - 1))
    });
}

/// Share of `part`'s bigrams that are in `whole`.
fn containment(part: &HashSet<(char, char)>, whole: &HashSet<(char, char)>) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    part.iter().filter(|g| whole.contains(g)).count() as f64 / part.len() as f64
}

/// Pass 5: pairs a leftover passage with the leftover of the other version that contains it
/// (best containment first; several may join one, as when a clause was split and moved).
fn pair_contained(
    groups: &mut Vec<Group>,
    old: &[HashSet<(char, char)>],
    new: &[HashSet<(char, char)>],
) {
    let lone = |groups: &[Group], want_new: bool| -> Vec<(usize, usize)> {
        groups
            .iter()
            .enumerate()
            .filter_map(
                |(gi, g)| match (g.old.as_slice(), g.new.as_slice(), want_new) {
                    ([], [j], true) => Some((gi, *j)),
                    ([i], [], false) => Some((gi, *i)),
                    _ => None,
                },
            )
            .collect()
    };
    let mut absorbed: HashSet<usize> = HashSet::new();
    for (parts_are_new, parts_sets, wholes_sets) in [(true, new, old), (false, old, new)] {
        let parts = lone(groups, parts_are_new);
        let wholes = lone(groups, !parts_are_new);
        for (part_group, part) in parts {
            if absorbed.contains(&part_group) || parts_sets[part].len() < MIN_CONTAINED_GRAMS {
                continue;
            }
            let best = wholes
                .iter()
                .filter(|(wg, _)| !absorbed.contains(wg))
                .map(|&(wg, w)| (containment(&parts_sets[part], &wholes_sets[w]), wg))
                .filter(|(c, _)| *c >= MIN_DISTANT_CONTAINMENT)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, whole_group)) = best {
                let side = if parts_are_new {
                    &mut groups[whole_group].new
                } else {
                    &mut groups[whole_group].old
                };
                side.push(part);
                side.sort_unstable();
                absorbed.insert(part_group);
            }
        }
    }
    let mut gi = 0;
    groups.retain(|_| {
        gi += 1;
        !absorbed.contains(&(gi - 1))
    });
}

/// Maps each passage index on one side to the group that holds it, for groups passing `keep`.
fn index_of(
    groups: &[Group],
    side: impl Fn(&Group) -> &Vec<usize>,
    keep: impl Fn(&Group) -> bool,
) -> HashMap<usize, usize> {
    let mut map = HashMap::new();
    for (gi, group) in groups.iter().enumerate().filter(|(_, g)| keep(g)) {
        for &k in side(group) {
            map.insert(k, gi);
        }
    }
    map
}

/// Puts groups in the new version's order; a removed passage goes just before the first group
/// that comes after it in the old version.
fn order(groups: Vec<Group>, old_len: usize, new_len: usize) -> Vec<Group> {
    let mut by_new: Vec<Option<usize>> = vec![None; new_len];
    let mut removed: Vec<(usize, usize)> = Vec::new();
    for (gi, group) in groups.iter().enumerate() {
        match group.new.first() {
            Some(&j) => by_new[j] = Some(gi),
            None => removed.extend(group.old.first().map(|&i| (i, gi))),
        }
    }
    removed.sort_unstable();
    let mut removed = removed.into_iter().peekable();
    let mut order: Vec<usize> = Vec::with_capacity(groups.len());
    for gi in by_new.into_iter().flatten() {
        let before = groups[gi].old.first().copied().unwrap_or(old_len);
        while let Some(&(i, rg)) = removed.peek()
            && i < before
        {
            order.push(rg);
            removed.next();
        }
        order.push(gi);
    }
    order.extend(removed.map(|(_, rg)| rg));
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|gi| slots.get_mut(gi).and_then(Option::take))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(path: &[&str], text: &str) -> Unit {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        Unit::new(&path, text.to_string(), false)
    }

    fn article(text: &str) -> Unit {
        Unit::new(&[], text.to_string(), true)
    }

    fn group(old: &[usize], new: &[usize]) -> Group {
        Group {
            old: old.to_vec(),
            new: new.to_vec(),
        }
    }

    #[test]
    fn headings_align_despite_trailing_punctuation() {
        let old = [policy(
            &["四、宣传", "（一）加大清洁生产的宣传力度。"],
            "甲乙丙丁戊",
        )];
        let new = [policy(
            &["四、宣传", "（一）加大清洁生产的宣传力度"],
            "完全不同的内容",
        )];
        assert_eq!(align(&old, &new), vec![group(&[0], &[0])]);
    }

    #[test]
    fn renumbered_articles_pair_by_text() {
        let old = [
            article("商标注册人享有商标专用权，受法律保护。"),
            article("申请注册的商标，应当有显著特征。"),
        ];
        let new = [
            article("商标注册人享有商标专用权，受法律保护。"),
            article("新增的一条关于诚实信用原则的规定。"),
            article("申请注册的商标，应当有显著特征，便于识别。"),
        ];
        assert_eq!(
            align(&old, &new),
            vec![group(&[0], &[0]), group(&[], &[1]), group(&[1], &[2])]
        );
    }

    #[test]
    fn removed_passage_stays_in_old_position() {
        let old = [
            article("第一段落的内容在这里"),
            article("被删除的段落文字"),
            article("第三段落的内容在这里"),
        ];
        let new = [
            article("第一段落的内容在这里"),
            article("第三段落的内容在这里"),
        ];
        assert_eq!(
            align(&old, &new),
            vec![group(&[0], &[0]), group(&[1], &[]), group(&[2], &[1])]
        );
    }

    #[test]
    fn split_clause_joins_its_pair() {
        let old = [article(
            "企业应当公开排污信息，并接受社会公众的监督和检查。",
        )];
        let new = [
            article("企业应当公开排污信息。"),
            article("企业应当接受社会公众的监督和检查。"),
        ];
        assert_eq!(align(&old, &new), vec![group(&[0], &[0, 1])]);
    }

    #[test]
    fn paragraph_moved_out_of_a_distant_clause_pairs_with_it() {
        let old = [
            article(
                "代理机构应当遵循诚实信用原则，遵守法律、行政法规，按照被代理人的委托办理商标注册申请或者其他商标事宜，对在代理过程中知悉的商业秘密负有保密义务。\n代理机构除对其代理服务申请商标注册外，不得申请注册其他商标。",
            ),
            article("完全无关的第二条内容，讲的是别的事情。"),
        ];
        let new = [
            article("完全无关的第二条内容，讲的是别的事情。"),
            article("一条全新的规定，此前没有出现过的文字。"),
            article("代理机构除对其代理服务申请商标注册外，不得申请注册其他商标。"),
        ];
        let groups = align(&old, &new);
        assert!(groups.contains(&group(&[0], &[2])), "{groups:?}");
        assert!(groups.contains(&group(&[], &[1])), "{groups:?}");
    }

    #[test]
    fn empty_lists_align_to_nothing() {
        assert!(align(&[], &[]).is_empty());
        assert_eq!(align(&[article("只有旧的")], &[]), vec![group(&[0], &[])]);
    }
}
