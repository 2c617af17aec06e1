using static DomainCpu.Diagnostics.DiagnosticCatalogue;

namespace DomainCpu.Diagnostics;

/// <summary>
/// The named factories of every finding (<see cref="DiagnosticCatalogue"/> lists the ids): each returns the finding
/// with its message and no position; the reader or operation that knows the document places it. This part: the input
/// as XML.
/// </summary>
internal static partial class Diagnoses
{
    public static Diagnostic MalformedXml(string parserMessage) => DiagnosticCatalogue.MalformedXml.With("malformed XML: " + parserMessage);

    public static Diagnostic DocumentOverByteLimit(long bytes, long limit) =>
        DocumentTooLarge.With($"document is {bytes} bytes, more than the limit of {limit} bytes");

    public static Diagnostic InputOverByteLimit(long limit) => DocumentTooLarge.With($"input is larger than the limit of {limit} bytes");

    public static Diagnostic DocumentOverCharacterLimit(long limit) =>
        DocumentTooLarge.With($"document is longer than the limit of {limit} characters");

    public static Diagnostic DocumentOverSizeLimit() => DocumentTooLarge.With("document is longer than the size limit");

    public static Diagnostic NestedTooDeep(int limit) => NestingTooDeep.With($"elements are nested deeper than the limit of {limit}");

    public static Diagnostic TooManyAttributes(string element, int limit) =>
        NodeOverLimit.With($"element '{element}' has more than {limit} attributes");

    public static Diagnostic AttributeTooLong(string attribute, int limit) =>
        NodeOverLimit.With($"attribute '{attribute}' is longer than the limit of {limit} characters");

    public static Diagnostic TextTooLong(int limit) => NodeOverLimit.With($"text is longer than the limit of {limit} characters");

    public static Diagnostic XInclude(string element) => XIncludeRefused.With($"XInclude is not accepted (element '{element}')");

    public static Diagnostic EntityReference(string name) => EntityRefused.With($"entity references are not accepted ('&{name};')");

    public static Diagnostic UndeclaredEntity(string parserMessage) => EntityRefused.With("entity references are not accepted: " + parserMessage);

    public static Diagnostic Dtd() => DtdRefused.With("DTDs (<!DOCTYPE>) are not accepted: they allow entity expansion and external resolution");

    public static Diagnostic NotAscii(string declared, int offset) =>
        EncodingInvalid.With($"the document declares encoding '{declared}' but byte offset {offset} is not ASCII");

    public static Diagnostic InvalidByteSequence(string encoding, int offset) =>
        EncodingInvalid.With($"invalid {encoding} byte sequence at byte offset {offset}");

    /// <summary>An encoding declaration that does not fit the bytes (empty, unsupported, or against the byte order mark).</summary>
    public static Diagnostic EncodingDeclaration(string why) => EncodingInvalid.With(why);
}

/// <summary>libvirt's generic messages about an attribute (its virXMLProp… readers), for whichever rule the attribute
/// belongs to.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic MissingAttribute(DiagnosticDescriptor rule, string attribute, string element) =>
        rule.With($"Missing required attribute '{attribute}' in element '{element}'");

    public static Diagnostic ZeroNotPermitted(DiagnosticDescriptor rule, string attribute, string element) =>
        rule.With($"Invalid value for attribute '{attribute}' in element '{element}': Zero is not permitted");

    public static Diagnostic NotADecimal(DiagnosticDescriptor rule, string what, string raw) =>
        rule.With($"Invalid value for {what}: '{raw}'. Expected a non-negative decimal integer");

    public static Diagnostic NumberOutOfRange(DiagnosticDescriptor rule, string what, string raw, ulong max) =>
        rule.With($"Invalid value for {what}: '{raw}'. The number is out of range (at most {max})");

    public static Diagnostic InvalidAttributeValue(DiagnosticDescriptor rule, string attribute, string element, string value) =>
        rule.With($"Invalid value for attribute '{attribute}' in element '{element}': '{value}'.");
}

/// <summary>The schema rules' messages about an element's shape, for whichever rule the element belongs to.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic AtMostOnce(DiagnosticDescriptor rule, string element, string parent) =>
        rule.With($"<{element}> may appear at most once in <{parent}>");

    public static Diagnostic NotAllowed(DiagnosticDescriptor rule, string value, string attribute, string element, IEnumerable<string> allowed) =>
        rule.With($"'{value}' is not a valid {attribute} of <{element}>; allowed: {string.Join(", ", allowed)}");

    public static Diagnostic NeedsAttribute(DiagnosticDescriptor rule, string element, string attribute) =>
        rule.With($"<{element}> needs the attribute {attribute}");

    public static Diagnostic NotADecimalNumber(DiagnosticDescriptor rule, string attribute, string value, string element) =>
        rule.With($"{attribute}='{value}' of <{element}> is not a decimal number");

    public static Diagnostic BelowMinimum(DiagnosticDescriptor rule, string attribute, string value, string element, ulong min) =>
        rule.With($"{attribute}='{value}' of <{element}> must be at least {min}");

    public static Diagnostic AboveMaximum(DiagnosticDescriptor rule, string attribute, string value, string element, ulong max) =>
        rule.With($"{attribute}='{value}' of <{element}> must be at most {max}");
}
