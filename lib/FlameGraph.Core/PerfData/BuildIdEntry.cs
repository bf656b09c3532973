namespace FlameGraph.PerfData;

/// <summary>A dso's build-id as the recording lists it (BUILD_ID feature, HEADER_BUILD_ID or MMAP2).</summary>
public readonly record struct BuildIdEntry(string FileName, string BuildId, bool Kernel);
