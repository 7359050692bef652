//! A small `join_all`, so the crate needs no `futures` dependency.

/// Awaits all the futures together (concurrently, on this task) and returns their outputs in order.
pub async fn join_all<F: std::future::Future>(futs: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futs {
        set.push(f);
    }
    let mut out = Vec::with_capacity(set.len());
    let mut pinned: Vec<_> = set.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if done[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => done[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    out.extend(done.into_iter().map(|d| d.expect("all futures completed")));
    out
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn outputs_keep_input_order_and_run_together() {
        // Every future waits until all five have started: one after another, this never finishes.
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(5));
        let joined = super::join_all((0..5u64).map(|i| {
            let barrier = barrier.clone();
            async move {
                barrier.wait().await;
                i
            }
        }));
        let out =
            tokio::time::timeout(std::time::Duration::from_secs(10), joined).await.expect("futures run concurrently");
        assert_eq!(out, vec![0, 1, 2, 3, 4]);
    }
}
