using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Tracker.Bench.Scaling;

// --quick: one short launch per benchmark (smoke run); default: a full run. Other args go to BenchmarkDotNet.
bool quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
var fast = quick ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3) : Job.Default.WithWarmupCount(3).WithIterationCount(15);
// The generic fit takes seconds at 1M points, so it gets few iterations.
var slow = Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1);
BenchmarkRunner.Run<ProfiledFitBenchmarks>(DefaultConfig.Instance.AddJob(fast.WithId("profiled")), rest);
BenchmarkRunner.Run<BootstrapBenchmarks>(DefaultConfig.Instance.AddJob(fast.WithId("bootstrap")), rest);
BenchmarkRunner.Run<PaperWayBenchmarks>(DefaultConfig.Instance.AddJob(slow.WithId("generic")), rest);
