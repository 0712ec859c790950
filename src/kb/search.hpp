#pragma once

// Search in the knowledge base, the pure part: how words become index terms, how a question
// becomes a full-text query, typo tolerance and the ranking learned from use.
//
// Polish inflects: "śmieci", "śmieciami", "śmieciach" are one word to a resident. Both the
// articles and the queries are folded (diacritics and case, common/text) and reduced to a stem
// by a light suffix stripper: the longest ending from a list of Polish noun, adjective and verb
// endings is cut while at least three letters remain, then a fleeting "e" is dropped
// ("podatek"/"podatku" -> "podatk", "mieszkaniec"/"mieszkańca" -> "mieszkanc"). English words
// lose plural and -ing/-ed endings the same way. It is not a dictionary lemmatiser (no
// alternations such as "karta"/"karcie"); tests/data/kb measures it against exact words and
// five-letter prefixes on real residents' questions (bench/kb_bench.py reports recall@3).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ratusz::kb {

// The stem of one folded word (FoldForSearch, lower-case ASCII where it can be), by Polish or
// English endings.
std::string StemPolish(std::string_view folded_word);
std::string StemEnglish(std::string_view folded_word);

// How words are matched; kStems is what Ratusz uses, the others are the baselines measured.
enum class Matching { kWords, kPrefix5, kStems };

// The index terms of a text in `language` ("pl" or "en"): its folded words reduced by
// `matching`, separated by spaces.
std::string IndexTerms(std::string_view text, std::string_view language,
                       Matching matching = Matching::kStems);

// Words that say nothing about the topic of a question ("gdzie", "mogę", "how", "the").
bool IsStopWord(std::string_view folded_word);

// The terms of a query, either language (a resident's browser may speak English while they
// type Polish): folded, stop words dropped, each word's Polish and English stems, each once,
// in the order of the words. `prefix` (set when not null) is the last word's stem, for
// as-you-type matching of a word not finished yet.
std::vector<std::string> QueryTerms(std::string_view query, Matching matching = Matching::kStems,
                                    std::string* prefix = nullptr);

// An FTS5 MATCH expression: any of the terms (OR: bm25 ranks articles with more of them
// first), each quoted, and `prefix`, when not empty, matching longer terms too.
std::string FtsMatch(const std::vector<std::string>& terms, std::string_view prefix = {});

// Edit distance with transpositions (optimal string alignment); stops counting above `limit`
// and returns limit + 1 then.
int EditDistance(std::string_view a, std::string_view b, int limit);

// How far a term may be from a known one to count as a typo of it: none for terms under four
// letters, one up to six, two for longer ones.
int TypoAllowance(std::string_view term);

// The multiplier of an article's text score learned from use: residents' and agents' "this
// helped" / "this did not help" votes and the information requests it closed. 1 for an
// article nobody used; grows slowly (logarithmically) so a popular article does not bury a
// better-matching one.
double LearnedBoost(std::int64_t helpful, std::int64_t unhelpful, std::int64_t closes);

}  // namespace ratusz::kb
