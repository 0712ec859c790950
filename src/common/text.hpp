#pragma once

// Small text helpers for untrusted input.

#include <string>
#include <string_view>
#include <vector>

namespace ratusz {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of Unicode code points in valid UTF-8.
std::size_t Utf8Length(std::string_view s);
// One code point as UTF-8.
std::string EncodeUtf8(char32_t code);

// True when `s` holds a control character other than tab, CR and LF (NUL included), or one of
// the non-characters U+FFFE and U+FFFF: anything an XML 1.0 answer could not carry.
bool HasControlChars(std::string_view s);

// Turns CRLF and lone CR into LF (FixMyStreet sends CRLF inside form fields).
std::string NormalizeNewlines(std::string_view s);

// Text safe inside HTML elements and quoted attributes (& < > " ').
std::string EscapeHtml(std::string_view s);

// Removes leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

// Splits on `sep`, trims each piece and drops empty ones: "a, b,,c" -> {a, b, c}.
std::vector<std::string> SplitList(std::string_view s, char sep = ',');

// Lower-case ASCII with the diacritics of Latin scripts removed ("Źródłowa" -> "zrodlowa",
// "Łódź" -> "lodz", "Straße" -> "strasse"), for search and comparison. Other characters are kept.
// Invalid UTF-8 bytes are dropped.
std::string FoldForSearch(std::string_view s);

// The words of FoldForSearch(s): runs of ASCII letters and digits and non-ASCII characters.
std::vector<std::string> SearchWords(std::string_view s);

}  // namespace ratusz
