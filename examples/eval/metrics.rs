//! Ranking metrics over graded judgments: reciprocal rank, nDCG@k with gains `2^g - 1`, and
//! recall@k. Each takes the grades of the ranked hits in rank order (0 for an unjudged hit),
//! with repeats of one judged article already set to 0 by the caller so that a result list
//! cannot earn the same article's gain twice.

/// `1 / rank` of the first hit with a grade of at least 1; 0 when none is relevant.
pub fn reciprocal_rank(ranked: &[u8]) -> f64 {
    first_relevant(ranked).map_or(0.0, |rank| 1.0 / rank as f64)
}

/// 1-based rank of the first relevant hit.
pub fn first_relevant(ranked: &[u8]) -> Option<usize> {
    ranked.iter().position(|&g| g > 0).map(|i| i + 1)
}

/// Discounted cumulative gain of the first `k` grades.
pub fn dcg(grades: &[u8], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        // A fold from +0.0: `sum()` of nothing is -0.0, which prints as "-0.000".
        .fold(0.0, |total, (i, &g)| {
            total + gain(g) / ((i + 2) as f64).log2()
        })
}

/// nDCG@k: the hits' DCG over the DCG of the judged grades in their best order. A query with
/// no judged article scores 0 rather than dividing by zero.
pub fn ndcg(ranked: &[u8], judged: &[u8], k: usize) -> f64 {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal, k);
    if best == 0.0 {
        return 0.0;
    }
    dcg(ranked, k) / best
}

/// Fraction of the `judged` relevant articles (grade ≥ 1) found in the first `k` hits.
pub fn recall(ranked: &[u8], judged: usize, k: usize) -> f64 {
    if judged == 0 {
        return 0.0;
    }
    let found = ranked.iter().take(k).filter(|&&g| g > 0).count();
    found.min(judged) as f64 / judged as f64
}

fn gain(grade: u8) -> f64 {
    2f64.powi(i32::from(grade)) - 1.0
}

/// Arithmetic mean; 0 for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn reciprocal_rank_of_the_first_relevant_hit() {
        assert!(close(reciprocal_rank(&[0, 0, 2, 3]), 1.0 / 3.0));
        assert!(close(reciprocal_rank(&[1]), 1.0));
        assert!(close(reciprocal_rank(&[0, 0]), 0.0));
        assert!(close(reciprocal_rank(&[]), 0.0));
        assert_eq!(first_relevant(&[0, 1]), Some(2));
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
        assert!(close(ndcg(&[3, 2, 1], &[1, 3, 2], 10), 1.0));
        let swapped = ndcg(&[2, 3, 1], &[3, 2, 1], 10);
        assert!(swapped < 1.0 && swapped > 0.5, "{swapped}");
        assert!(close(ndcg(&[0, 0], &[3], 10), 0.0));
        assert!(close(ndcg(&[3], &[], 10), 0.0));
    }

    #[test]
    fn ndcg_uses_exponential_gains_and_log_discounts() {
        // One grade-3 article at rank 2: gain 7 / log2(3), ideal 7 / log2(2).
        let expected = 7.0 / 3f64.log2() / 7.0;
        assert!(close(ndcg(&[0, 3], &[3], 10), expected));
        // Grade 1 at rank 1 with a grade-3 article missed: 1 / (7 + 1/log2(3)).
        let expected = 1.0 / (7.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg(&[1], &[3, 1], 10), expected));
    }

    #[test]
    fn ndcg_and_recall_only_count_the_first_k_hits() {
        let ranked = [0, 0, 3];
        assert!(close(ndcg(&ranked, &[3], 2), 0.0));
        assert!(close(recall(&ranked, 1, 2), 0.0));
        assert!(close(recall(&ranked, 1, 3), 1.0));
    }

    #[test]
    fn recall_is_the_fraction_of_judged_articles_found() {
        assert!(close(recall(&[3, 0, 1, 0], 4, 10), 0.5));
        assert!(close(recall(&[], 3, 10), 0.0));
        assert!(close(recall(&[1], 0, 10), 0.0));
    }

    #[test]
    fn mean_of_nothing_is_zero() {
        assert!(close(mean([]), 0.0));
        assert!(close(mean([1.0, 0.0, 0.5]), 0.5));
    }
}
