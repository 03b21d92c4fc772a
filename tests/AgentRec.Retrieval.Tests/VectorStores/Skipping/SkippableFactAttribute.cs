using Xunit.Sdk;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>
/// A fact that may decide at run time to be skipped by throwing <see cref="SkipTestException"/>. xunit 2 only skips
/// statically, so a shared conformance suite could not otherwise skip for one backend and run for the others.
/// </summary>
[XunitTestCaseDiscoverer("AgentRec.Retrieval.Tests.VectorStores.SkippableFactDiscoverer", "AgentRec.Retrieval.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SkippableFactAttribute : FactAttribute;
