using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace DomainCpu.Tests.Support;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the metadata and the IL (not from the
/// source's usings): base types, interfaces, fields, signatures, attributes, locals, and every type, method or field
/// a method body names. Compiler-made nested types (closures, state machines) count as their outer type.
/// </summary>
public sealed class TypeReferences
{
    /// <summary>One use of a type by another, both named by full name (nested types as their outermost type).</summary>
    public sealed record Use(string From, string FromNamespace, string To, string ToNamespace);

    private readonly MetadataReader _md;
    private readonly HashSet<(TypeDefinitionHandle, TypeDefinitionHandle)> _uses = [];
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private TypeReferences(MetadataReader md) => _md = md;

    /// <summary>Every use between two different outermost types of the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<Use> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var refs = new TypeReferences(pe.GetMetadataReader());
        refs.Collect(pe);
        return refs._uses
            .Select(u => (From: refs.Outermost(u.Item1), To: refs.Outermost(u.Item2)))
            .Where(u => u.From != u.To)
            .Distinct()
            .Select(u => new Use(refs.FullName(u.From), refs.Namespace(u.From), refs.FullName(u.To), refs.Namespace(u.To)))
            .OrderBy(u => u.From, StringComparer.Ordinal).ThenBy(u => u.To, StringComparer.Ordinal)
            .ToList();
    }

    private void Collect(PEReader pe)
    {
        foreach (var typeHandle in _md.TypeDefinitions)
        {
            var type = _md.GetTypeDefinition(typeHandle);
            var uses = new List<TypeDefinitionHandle>();
            uses.AddRange(OfEntity(type.BaseType));
            foreach (var i in type.GetInterfaceImplementations()) uses.AddRange(OfEntity(_md.GetInterfaceImplementation(i).Interface));
            foreach (var g in type.GetGenericParameters()) uses.AddRange(OfGenericParameter(g));
            uses.AddRange(OfAttributes(type.GetCustomAttributes()));
            foreach (var f in type.GetFields())
            {
                var field = _md.GetFieldDefinition(f);
                uses.AddRange(field.DecodeSignature(Provider.Instance, null));
                uses.AddRange(OfAttributes(field.GetCustomAttributes()));
            }
            foreach (var p in type.GetProperties())
            {
                var property = _md.GetPropertyDefinition(p);
                uses.AddRange(OfMethodSignature(property.DecodeSignature(Provider.Instance, null)));
                uses.AddRange(OfAttributes(property.GetCustomAttributes()));
            }
            foreach (var e in type.GetEvents()) uses.AddRange(OfEntity(_md.GetEventDefinition(e).Type));
            foreach (var m in type.GetMethods())
            {
                var method = _md.GetMethodDefinition(m);
                uses.AddRange(OfMethodSignature(method.DecodeSignature(Provider.Instance, null)));
                uses.AddRange(OfAttributes(method.GetCustomAttributes()));
                foreach (var p in method.GetParameters()) uses.AddRange(OfAttributes(_md.GetParameter(p).GetCustomAttributes()));
                foreach (var g in method.GetGenericParameters()) uses.AddRange(OfGenericParameter(g));
                if (method.RelativeVirtualAddress != 0) uses.AddRange(OfBody(pe.GetMethodBody(method.RelativeVirtualAddress)));
            }
            foreach (var used in uses) _uses.Add((typeHandle, used));
        }
    }

    private IEnumerable<TypeDefinitionHandle> OfBody(MethodBodyBlock body)
    {
        var found = new List<TypeDefinitionHandle>();
        if (!body.LocalSignature.IsNil)
        {
            var locals = _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(Provider.Instance, null);
            foreach (var local in locals) found.AddRange(local);
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il.ReadByte()));
            switch (Operands[code])
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineSig:
                    found.AddRange(OfEntity(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.InlineString:
                case OperandType.ShortInlineR:
                    il.Offset += 4;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
            }
        }
        return found;
    }

    private IEnumerable<TypeDefinitionHandle> OfEntity(EntityHandle handle)
    {
        if (handle.IsNil) return [];
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [(TypeDefinitionHandle)handle];
            case HandleKind.TypeSpecification:
                return _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Provider.Instance, null);
            case HandleKind.FieldDefinition:
                var field = _md.GetFieldDefinition((FieldDefinitionHandle)handle);
                return [field.GetDeclaringType()];
            case HandleKind.MethodDefinition:
                var method = _md.GetMethodDefinition((MethodDefinitionHandle)handle);
                return [method.GetDeclaringType()];
            case HandleKind.MemberReference:
                var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                var ofParent = OfEntity(member.Parent);
                return member.GetKind() == MemberReferenceKind.Method
                    ? ofParent.Concat(OfMethodSignature(member.DecodeMethodSignature(Provider.Instance, null)))
                    : ofParent.Concat(member.DecodeFieldSignature(Provider.Instance, null));
            case HandleKind.MethodSpecification:
                var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                return OfEntity(spec.Method).Concat(spec.DecodeSignature(Provider.Instance, null).SelectMany(t => t));
            case HandleKind.StandaloneSignature:
                var sig = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                return sig.GetKind() == StandaloneSignatureKind.Method
                    ? OfMethodSignature(sig.DecodeMethodSignature(Provider.Instance, null))
                    : sig.DecodeLocalSignature(Provider.Instance, null).SelectMany(t => t);
            default:
                return [];
        }
    }

    private IEnumerable<TypeDefinitionHandle> OfAttributes(CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => OfEntity(_md.GetCustomAttribute(a).Constructor)).ToList();

    private IEnumerable<TypeDefinitionHandle> OfGenericParameter(GenericParameterHandle handle) =>
        _md.GetGenericParameter(handle).GetConstraints().SelectMany(c => OfEntity(_md.GetGenericParameterConstraint(c).Type)).ToList();

    private static IEnumerable<TypeDefinitionHandle> OfMethodSignature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> sig) =>
        sig.ReturnType.Concat(sig.ParameterTypes.SelectMany(p => p));

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (true)
        {
            var outer = _md.GetTypeDefinition(handle).GetDeclaringType();
            if (outer.IsNil) return handle;
            handle = outer;
        }
    }

    private string Namespace(TypeDefinitionHandle handle) => _md.GetString(_md.GetTypeDefinition(handle).Namespace);

    private string FullName(TypeDefinitionHandle handle)
    {
        var type = _md.GetTypeDefinition(handle);
        var name = _md.GetString(type.Name);
        var ns = _md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>Decodes a signature into the assembly's own types it names.</summary>
    private sealed class Provider : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        public static readonly Provider Instance = new();
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(t => t));
        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. OfMethodSignature(signature)];
        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            unmodifiedType.AddRange(modifier);
    }
}
