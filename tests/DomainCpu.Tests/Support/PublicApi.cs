using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace DomainCpu.Tests.Support;

/// <summary>
/// An assembly's public surface as text: every type another assembly can see (public, or protected in an
/// inheritable public type) with its visible members, one line each, C#-like with nullability, sorted, so that the
/// text changes exactly when the surface does.
/// </summary>
public static class PublicApi
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                          BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Write(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetTypes().Where(IsVisible).OrderBy(t => Name(t), StringComparer.Ordinal))
        {
            text.Append(Declaration(type)).Append('\n');
            foreach (var member in Members(type).OrderBy(m => m, StringComparer.Ordinal)) text.Append("  ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The public types of an assembly, by full name.</summary>
    public static IReadOnlyList<Type> VisibleTypes(Assembly assembly) => assembly.GetTypes().Where(IsVisible).ToList();

    private static bool IsVisible(Type type) =>
        type.IsPublic || (type.IsNested && (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!)
                          && (type.IsNestedPublic || !type.DeclaringType!.IsSealed));

    private static bool IsVisible(MethodBase m) => m.IsPublic || ((m.IsFamily || m.IsFamilyOrAssembly) && !m.DeclaringType!.IsSealed);

    private static bool IsVisible(FieldInfo f) => f.IsPublic || ((f.IsFamily || f.IsFamilyOrAssembly) && !f.DeclaringType!.IsSealed);

    private static string Declaration(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? (IsRecord(type) ? "record struct" : "struct")
            : type.IsSubclassOf(typeof(Delegate)) ? "delegate" : IsRecord(type) ? "record" : "class";
        var modifiers = type.IsClass && !type.IsSubclassOf(typeof(Delegate))
            ? type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : ""
            : "";
        var bases = new List<string>();
        if (type.IsEnum) bases.Add(TypeName(Enum.GetUnderlyingType(type)));
        else if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && !type.IsSubclassOf(typeof(Delegate))) bases.Add(TypeName(b));
        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i) && (i.IsPublic || i.IsNestedPublic)).Select(TypeName).Order(StringComparer.Ordinal));
        return $"{modifiers}{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
            yield break;
        }
        if (type.IsSubclassOf(typeof(Delegate)))
        {
            yield return Method(type.GetMethod("Invoke")!);
            yield break;
        }
        var nullability = new NullabilityInfoContext();
        foreach (var c in type.GetConstructors(Declared).Where(IsVisible))
            yield return $"{Access(c)}{Name(type).Split('.')[^1].Split('<')[0]}({Parameters(c, nullability)})";
        foreach (var m in type.GetMethods(Declared).Where(m => IsVisible(m) && !m.IsSpecialName || IsVisible(m) && m.Name.StartsWith("op_", StringComparison.Ordinal)))
            yield return Method(m);
        foreach (var p in type.GetProperties(Declared))
        {
            var get = p.GetMethod is { } g && IsVisible(g) ? $"{Access(g, p)}get; " : "";
            var set = p.SetMethod is { } s && IsVisible(s)
                ? $"{Access(s, p)}{(s.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init" : "set")}; "
                : "";
            if (get.Length + set.Length == 0) continue;
            var accessor = p.GetMethod ?? p.SetMethod!;
            var indexer = p.GetIndexParameters() is { Length: > 0 } ip ? $"this[{string.Join(", ", ip.Select(x => Parameter(x, nullability)))}]" : p.Name;
            yield return $"{Access(accessor)}{Static(accessor)}{TypeName(p.PropertyType, nullability.Create(p), TupleNames.Of(p))} {indexer} {{ {get}{set}}}";
        }
        foreach (var f in type.GetFields(Declared).Where(IsVisible))
        {
            var modifier = f.IsLiteral ? "const " : f.IsStatic ? (f.IsInitOnly ? "static readonly " : "static ") : f.IsInitOnly ? "readonly " : "";
            var value = f.IsLiteral ? $" = {Literal(f.GetRawConstantValue())}" : "";
            yield return $"{Access(f)}{modifier}{TypeName(f.FieldType, nullability.Create(f), TupleNames.Of(f))} {f.Name}{value}";
        }
        foreach (var e in type.GetEvents(Declared).Where(e => e.AddMethod is { } a && IsVisible(a)))
            yield return $"{Access(e.AddMethod!)}event {TypeName(e.EventHandlerType!)} {e.Name}";
        foreach (var n in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(IsVisible))
            yield return $"nested {Name(n)}";
    }

    private static string Method(MethodInfo m)
    {
        var nullability = new NullabilityInfoContext();
        var generic = m.IsGenericMethodDefinition ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";
        var modifier = m.IsStatic ? "static " : m.IsAbstract && !m.DeclaringType!.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m && !m.DeclaringType!.IsInterface ? "virtual " : m.GetBaseDefinition() != m ? "override " : "";
        var extension = m.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        return $"{Access(m)}{modifier}{TypeName(m.ReturnType, nullability.Create(m.ReturnParameter), TupleNames.Of(m.ReturnParameter))} {m.Name}{generic}({extension}{Parameters(m, nullability)})";
    }

    private static string Parameters(MethodBase m, NullabilityInfoContext nullability) =>
        string.Join(", ", m.GetParameters().Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo p, NullabilityInfoContext nullability)
    {
        var type = p.ParameterType;
        var prefix = type.IsByRef ? p.IsOut ? "out " : p.IsIn ? "in " : "ref " : p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "";
        var value = p.HasDefaultValue ? $" = {Literal(p.RawDefaultValue)}" : "";
        return $"{prefix}{TypeName(type.IsByRef ? type.GetElementType()! : type, nullability.Create(p), TupleNames.Of(p))} {p.Name}{value}";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Access(MethodBase m, PropertyInfo? property = null)
    {
        if (property is not null)
        {
            var outer = property.GetMethod ?? property.SetMethod!;
            return outer == m || Access(outer) == Access(m) ? "" : Access(m);
        }
        return m.IsPublic ? "public " : "protected ";
    }

    private static string Access(FieldInfo f) => f.IsPublic ? "public " : "protected ";

    private static string Static(MethodBase m) => m.IsStatic ? "static " : "";

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null ||
        (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static string Name(Type type)
    {
        var name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick < 0) return name;
        var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).Select(a => a.Name);
        return $"{name[..tick]}<{string.Join(", ", own)}>";
    }

    private static string TypeName(Type type) => TypeName(type, null);

    /// <summary>A type as C# writes it; tuple elements keep the names the member gives them, so that renaming one
    /// changes the text.</summary>
    private static string TypeName(Type type, NullabilityInfo? info, TupleNames? tuples = null)
    {
        var nullable = info?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (type.IsGenericParameter) return type.Name + nullable;
        if (type.IsArray) return $"{TypeName(type.GetElementType()!, info?.ElementType, tuples)}[{new string(',', type.GetArrayRank() - 1)}]{nullable}";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return TypeName(underlying, null, tuples) + "?";
        if (Keywords.TryGetValue(type, out var keyword)) return keyword + nullable;
        if (!type.IsGenericType) return (type.IsNested ? $"{TypeName(type.DeclaringType!)}.{type.Name}" : type.FullName ?? type.Name) + nullable;
        var args = type.GetGenericArguments();
        var argInfos = info?.GenericTypeArguments;
        var definition = type.GetGenericTypeDefinition();
        var baseName = (definition.FullName ?? definition.Name);
        var tick = baseName.IndexOf('`', StringComparison.Ordinal);
        var isTuple = baseName.StartsWith("System.ValueTuple`", StringComparison.Ordinal);
        // The compiler lists a tuple's element names before those of the tuples nested in it (pre-order).
        var elementNames = isTuple ? args.Select(_ => tuples?.Take()).ToList() : null;
        var names = args.Select((a, i) => TypeName(a, argInfos is { Length: > 0 } ai && i < ai.Length ? ai[i] : null, tuples)).ToList();
        if (isTuple) return $"({string.Join(", ", names.Select((n, i) => elementNames![i] is { } e ? $"{n} {e}" : n))}){nullable}";
        return $"{baseName[..tick].Replace('+', '.')}<{string.Join(", ", names)}>{nullable}";
    }

    /// <summary>The tuple element names a member's type carries (<see cref="TupleElementNamesAttribute"/>), taken
    /// in the order the compiler wrote them.</summary>
    private sealed class TupleNames(IList<string?> names)
    {
        private int _next;

        public static TupleNames? Of(ICustomAttributeProvider member) =>
            member.GetCustomAttributes(typeof(TupleElementNamesAttribute), false) is [TupleElementNamesAttribute a, ..] ? new TupleNames(a.TransformNames) : null;

        public string? Take() => _next < names.Count ? names[_next++] : null;
    }

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(char)] = "char", [typeof(string)] = "string",
        [typeof(object)] = "object", [typeof(double)] = "double", [typeof(float)] = "float", [typeof(decimal)] = "decimal",
    };
}
