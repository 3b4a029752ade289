// The tests share one PostgreSQL server and one of them restarts it: they must not run at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
