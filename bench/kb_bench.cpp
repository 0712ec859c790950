// Knowledge-base search at the scale of a city's whole knowledge base: 10,000 published
// articles in SQLite (real schema and migrations), searched through app::KnowledgeBase as the
// console and the portal do (stems, typo tolerance for short queries, ranking learned from use).
//
// The articles are the demo city's 60 (config/demo/knowledge_base.json), then recombinations
// of them: each
// synthetic article takes its title from one article and a district's name, and its body from
// sentences of three others. Terms therefore repeat across thousands of articles, which is the
// hard case for a full-text index (long posting lists), not the easy one.
// The queries are the 80 residents' questions of tests/data/kb, asked by agents (all articles)
// and by residents (public ones in force), whole and as typed (the first part, the last word
// unfinished, as the portal asks while a resident writes).
//
//   kb_bench [--articles 10000] [--rounds 10]     (from the source tree's root)

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/knowledge_base.hpp"
#include "common/time_format.hpp"
#include "percentile.hpp"
#include "store/sql/store.hpp"

using namespace ratusz;
using bench::Percentile;
namespace json = boost::json;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : text) {
    current += c;
    if (c == '.' || c == '\n') {
      if (current.size() > 3) {
        out.push_back(current);
      }
      current.clear();
    }
  }
  if (current.size() > 3) {
    out.push_back(current);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int articles = 10000;
  int rounds = 10;
  std::string articles_file = "config/demo/knowledge_base.json";
  std::string questions_file = "tests/data/kb/questions.json";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--articles") {
      articles = std::stoi(argv[i + 1]);
    } else if (flag == "--rounds") {
      rounds = std::stoi(argv[i + 1]);
    }
  }
  const auto real = json::parse(ReadFile(articles_file)).as_array();
  const auto questions = json::parse(ReadFile(questions_file)).as_array();
  if (real.empty() || questions.empty()) {
    std::cerr << "no articles or questions: run from the source tree's root\n";
    return 1;
  }
  const auto dir = std::filesystem::temp_directory_path() / "ratusz-kb-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::sql::SqlStore::Open({(dir / "bench.db").string()});
  if (!store) {
    std::cerr << store.error().message << "\n";
    return 1;
  }
  const SystemClock clock;
  app::KnowledgeBase kb((*store)->kb(), clock, app::KnowledgeOptions{});
  const cases::Actor admin{"user:bench", cases::Role::kAdmin, {}, {}};

  const char* districts[] = {"Krzyki",  "Fabryczna", "Psie Pole", "Śródmieście", "Stare Miasto",
                             "Mokotów", "Wola",      "Bemowo",    "Ursynów",     "Praga-Północ"};
  std::mt19937 random(2026);
  const auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  const auto text = [](const json::value& o, const char* key) {
    return std::string(o.at(key).as_string());
  };
  const auto wall = std::chrono::steady_clock::now();
  for (int i = 0; i < articles; ++i) {
    const auto& base = real[static_cast<std::size_t>(i) % real.size()];
    kb::Content c;
    c.owner_unit = text(base, "owner_unit");
    c.audience = i % 5 == 4 ? kb::Audience::kInternal : kb::Audience::kPublic;
    for (const auto& k : base.at("keywords").as_array()) {
      c.keywords.emplace_back(k.as_string());
    }
    if (static_cast<std::size_t>(i) < real.size()) {
      c.title_pl = text(base, "title_pl");
      c.title_en = text(base, "title_en");
      c.body_pl = text(base, "body_pl");
      c.body_en = text(base, "body_en");
    } else {
      c.title_pl = text(base, "title_pl") + " — " + districts[pick(std::size(districts))] + " " +
                   std::to_string(i);
      for (int part = 0; part < 3; ++part) {
        const auto sentences = Sentences(text(real[pick(real.size())], "body_pl"));
        for (int s = 0; s < 2 && !sentences.empty(); ++s) {
          c.body_pl += sentences[pick(sentences.size())] + " ";
        }
      }
    }
    std::promise<Result<kb::Article>> written;
    kb.Write(admin, 0, 0, c, "bench",
             [&](Result<kb::Article> r) { written.set_value(std::move(r)); });
    auto a = written.get_future().get();
    if (!a) {
      std::cerr << "write: " << a.error().message << "\n";
      return 1;
    }
    std::promise<Result<kb::Article>> published;
    kb.Review(admin, a->id, 1, true, "",
              [&](Result<kb::Article> r) { published.set_value(std::move(r)); });
    if (auto p = published.get_future().get(); !p) {
      std::cerr << "publish: " << p.error().message << "\n";
      return 1;
    }
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();

  struct Mode {
    const char* name;
    bool residents;
    bool typing;
    std::vector<double> micros;
    double hits = 0;
  };
  std::vector<Mode> modes = {{"agent, whole question", false, false, {}, 0},
                             {"resident, whole question", true, false, {}, 0},
                             {"resident, as typed", true, true, {}, 0}};
  for (int round = 0; round < rounds; ++round) {
    for (const auto& q : questions) {
      std::string question(q.at("question").as_string());
      for (auto& m : modes) {
        std::string asked = question;
        if (m.typing) {
          // The first two thirds, cut inside a word (on a character's boundary).
          std::size_t cut = question.size() * 2 / 3;
          while (cut > 0 && (static_cast<unsigned char>(question[cut]) & 0xC0) == 0x80) {
            --cut;
          }
          asked = question.substr(0, cut);
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto r = kb.Search(asked, m.residents, 10, m.typing);
        const auto t1 = std::chrono::steady_clock::now();
        if (!r) {
          std::cerr << "search: " << r.error().message << "\n";
          return 1;
        }
        m.micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        m.hits += static_cast<double>(r->hits.size());
      }
    }
  }
  std::ostringstream report;
  report << "knowledge base: " << articles << " published articles (" << real.size()
         << " real, the rest recombined), loaded (written and published) in " << load_s
         << " s = " << articles / load_s << " articles/s\n";
  json::object out{{"articles", articles}, {"load_articles_per_s", articles / load_s}};
  for (const auto& m : modes) {
    const double p50 = Percentile(m.micros, 0.5);
    const double p99 = Percentile(m.micros, 0.99);
    const double max = Percentile(m.micros, 1.0);
    report << m.name << ": " << m.micros.size() << " searches, p50 " << p50 / 1000 << " ms, p99 "
           << p99 / 1000 << " ms, max " << max / 1000 << " ms, "
           << m.hits / static_cast<double>(m.micros.size()) << " results on average\n";
    out[std::string(m.name)] =
        json::object{{"p50_ms", p50 / 1000}, {"p99_ms", p99 / 1000}, {"max_ms", max / 1000}};
  }
  std::cout << report.str();
  const std::string stamp = FormatW3c(SystemClock().Now());
  out["at"] = stamp;
  std::filesystem::create_directories("bench/results");
  std::ofstream("bench/results/kb-" + stamp + ".txt") << report.str();
  std::ofstream("bench/results/kb-latest.json") << json::serialize(out) << "\n";
  std::filesystem::remove_all(dir);
  return 0;
}
