#include "kb/search.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "common/text.hpp"

namespace ratusz::kb {
namespace {

// Polish endings, folded (ą -> a, ę -> e, ó -> o, ś -> s ...), longest first within each
// length so that the longest one that fits is cut: gerunds (-owanie, -enia), abstract nouns
// (-ości), adjectives (-owego, -ych), nouns' cases (-iami, -ach, -ów), verbs (-ować, -uje, -ał).
constexpr std::string_view kPolishEndings[] = {
    "owaniami", "owaniach", "osciami", "osciach", "owaniem", "owaniom", "owanie", "owania",
    "owaniu",   "osciom",   "owanym",  "owanej",  "owanych", "owana",   "owany",  "owane",
    "aniem",    "eniem",    "owego",   "owemu",   "owymi",   "owych",   "ujemy",  "ujecie",
    "ujesz",    "iami",     "iach",    "anie",    "ania",    "aniu",    "enie",   "enia",
    "eniu",     "oscia",    "owej",    "owym",    "owie",    "owac",    "ywac",   "iwac",
    "iowi",     "iem",      "osci",    "ego",     "emu",     "ymi",     "imi",    "ych",
    "ich",      "ami",      "ach",     "iom",     "iow",     "owi",     "owa",    "owe",
    "owy",      "uje",      "uja",     "osc",     "ala",     "alo",     "ali",    "aly",
    "ila",      "ilo",      "ili",     "ily",     "ej",      "ym",      "im",     "om",
    "ow",       "em",       "ie",      "iu",      "ia",      "ii",      "ac",     "ic",
    "yc",       "al",       "il",      "en",      "a",       "e",       "i",      "o",
    "u",        "y"};

constexpr std::string_view kStopWords[] = {
    // Polish (folded): question words, pronouns, prepositions, "can", "must", "please".
    "a", "aby", "albo", "ale", "bo", "by", "byc", "co", "czy", "dla", "do", "gdzie", "i", "ich",
    "ile", "ja", "jak", "jaka", "jaki", "jakie", "jakich", "jest", "jestem", "jesli", "juz",
    "kiedy", "kto", "ktora", "ktore", "ktory", "lub", "ma", "mam", "mi", "mnie", "moge", "moj",
    "moja", "moje", "mozna", "musze", "na", "nad", "nalezy", "nie", "o", "od", "oraz", "po", "pod",
    "prosze", "przez", "przy", "sa", "sie", "so", "ta", "tak", "te", "ten", "to", "trzeba", "u",
    "w", "we", "z", "za", "ze", "zeby",
    // English.
    "about", "an", "and", "are", "at", "be", "by", "can", "do", "does", "for", "from", "get", "how",
    "in", "is", "it", "my", "of", "on", "or", "the", "to", "what", "when", "where", "which", "who",
    "with"};

bool EndsWith(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

bool IsAsciiWord(std::string_view w) {
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Reduce(std::string_view word, std::string_view language, Matching matching) {
  switch (matching) {
    case Matching::kWords:
      return std::string(word);
    case Matching::kPrefix5: {
      // Five bytes, less the start of a character they would cut (a word may keep non-ASCII
      // letters, and half a character is not text: PostgreSQL refuses it).
      std::size_t end = std::min<std::size_t>(word.size(), 5);
      while (end > 0 && end < word.size() &&
             (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) {
        --end;
      }
      return std::string(word.substr(0, end));
    }
    case Matching::kStems:
      break;
  }
  return language == "en" ? StemEnglish(word) : StemPolish(word);
}

}  // namespace

std::string StemPolish(std::string_view w) {
  if (w.size() < 4 || !IsAsciiWord(w)) {
    return std::string(w);
  }
  std::string stem(w);
  for (const auto ending : kPolishEndings) {
    if (EndsWith(w, ending) && w.size() - ending.size() >= 3) {
      stem = std::string(w.substr(0, w.size() - ending.size()));
      break;
    }
  }
  // A fleeting "e": "podatek" / "podatku"; after a soft consonant written with "i" the "i"
  // goes too: "mieszkaniec" / "mieszkańca" (folded "mieszkanca").
  if (stem.size() >= 6 && EndsWith(stem, "iec")) {
    stem.erase(stem.size() - 3, 2);
  } else if (stem.size() >= 5 && (EndsWith(stem, "ek") || EndsWith(stem, "ec"))) {
    stem.erase(stem.size() - 2, 1);
  }
  return stem;
}

std::string StemEnglish(std::string_view w) {
  if (w.size() < 4 || !IsAsciiWord(w)) {
    return std::string(w);
  }
  std::string s(w);
  if (EndsWith(s, "ies") && s.size() > 4) {
    s.replace(s.size() - 3, 3, "y");
  } else if (EndsWith(s, "sses") || EndsWith(s, "xes") || EndsWith(s, "ches") ||
             EndsWith(s, "shes")) {
    s.erase(s.size() - 2);
  } else if (EndsWith(s, "s") && !EndsWith(s, "ss") && !EndsWith(s, "us") && !EndsWith(s, "is")) {
    s.pop_back();
  } else if (EndsWith(s, "ing") && s.size() >= 7) {
    s.erase(s.size() - 3);
  } else if (EndsWith(s, "ed") && s.size() >= 6) {
    s.erase(s.size() - 2);
  }
  return s;
}

std::string IndexTerms(std::string_view text, std::string_view language, Matching matching) {
  std::string out;
  for (const auto& word : SearchWords(text)) {
    out += out.empty() ? "" : " ";
    out += Reduce(word, language, matching);
  }
  return out;
}

bool IsStopWord(std::string_view folded_word) {
  return std::find(std::begin(kStopWords), std::end(kStopWords), folded_word) !=
         std::end(kStopWords);
}

std::vector<std::string> QueryTerms(std::string_view query, Matching matching,
                                    std::string* prefix) {
  std::vector<std::string> out;
  const auto words = SearchWords(query);
  for (const auto& word : words) {
    if (IsStopWord(word)) {
      continue;
    }
    for (const auto language : {std::string_view("pl"), std::string_view("en")}) {
      std::string term = Reduce(word, language, matching);
      if (std::find(out.begin(), out.end(), term) == out.end()) {
        out.push_back(std::move(term));
      }
    }
  }
  if (prefix != nullptr) {
    prefix->clear();
    if (!words.empty() && !IsStopWord(words.back()) && words.back().size() >= 3) {
      *prefix = Reduce(words.back(), "pl", matching);
    }
  }
  return out;
}

std::string FtsMatch(const std::vector<std::string>& terms, std::string_view prefix) {
  std::string out;
  // Terms are folded words (letters and digits; SearchWords keeps nothing else ASCII), so
  // quoting them is enough: no FTS5 syntax can get in.
  for (const auto& t : terms) {
    out += (out.empty() ? "\"" : " OR \"") + t + "\"";
  }
  if (!prefix.empty()) {
    out += (out.empty() ? "\"" : " OR \"") + std::string(prefix) + "\"*";
  }
  return out;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const auto n = a.size();
  const auto m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) {
    return limit + 1;
  }
  // Three rows: two back for transpositions.
  std::vector<int> before(m + 1);
  std::vector<int> last(m + 1);
  std::vector<int> row(m + 1);
  std::iota(last.begin(), last.end(), 0);
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<int>(i);
    int best = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > limit) {
      return limit + 1;
    }
    std::swap(before, last);
    std::swap(last, row);
  }
  return std::min(last[m], limit + 1);
}

int TypoAllowance(std::string_view term) {
  if (term.size() < 4) {
    return 0;
  }
  return term.size() <= 6 ? 1 : 2;
}

double LearnedBoost(std::int64_t helpful, std::int64_t unhelpful, std::int64_t closes) {
  const double net = static_cast<double>(helpful - unhelpful + 2 * closes);
  if (net >= 0) {
    return 1.0 + 0.25 * std::log1p(net);
  }
  return 1.0 / (1.0 + 0.25 * std::log1p(-net));
}

}  // namespace ratusz::kb
