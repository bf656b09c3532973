using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>The parts of `cargo metadata --format-version 1` target resolution reads.</summary>
public sealed record CargoMetadata(
    [property: JsonPropertyName("packages")] List<CargoPackage> Packages);

public sealed record CargoPackage(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("manifest_path")] string ManifestPath,
    [property: JsonPropertyName("default_run")] string? DefaultRun,
    [property: JsonPropertyName("targets")] List<CargoTarget> Targets);

public sealed record CargoTarget(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] List<string> Kind);

/// <summary>One line of `--message-format=json`; only compiler-artifact lines are used.</summary>
public sealed record CargoMessage(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("target")] CargoTarget? Target,
    [property: JsonPropertyName("profile")] CargoArtifactProfile? Profile,
    [property: JsonPropertyName("executable")] string? Executable);

/// <summary>debuginfo is a number (0, 1, 2) or a named level ("line-tables-only"), depending on the profile.</summary>
public sealed record CargoArtifactProfile(
    [property: JsonPropertyName("debuginfo")] JsonElement Debuginfo)
{
    public bool HasNoDebuginfo => Debuginfo.ValueKind switch
    {
        JsonValueKind.Number => Debuginfo.TryGetInt32(out int level) && level == 0,
        JsonValueKind.String => Debuginfo.GetString() is "none" or "0",
        _ => false,
    };
}

/// <summary>Source-generated (reflection-free) readers, so Native AOT keeps them.</summary>
[JsonSerializable(typeof(CargoMetadata))]
[JsonSerializable(typeof(CargoMessage))]
public sealed partial class CargoJsonContext : JsonSerializerContext;
