// Runs every tests/scenarios/*.scenario file against the pure workflow with a fake clock.
// A scenario reads as given / when / expect lines; README.md in this folder lists them all.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cases/catalog.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "dedup/dedup.hpp"
#include "workflow/workflow.hpp"

namespace ratusz::workflow {
namespace {

namespace fs = std::filesystem;

// Splits a line into words; "double quoted text" is one word.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
    } else if (line[i] == '"') {
      const auto end = line.find('"', i + 1);
      out.push_back(line.substr(i + 1, end - i - 1));
      i = end == std::string::npos ? line.size() : end + 1;
    } else {
      const auto end = std::min(line.find(' ', i), line.size());
      out.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

// key=value words of a line.
std::map<std::string, std::string> Options(const std::vector<std::string>& words) {
  std::map<std::string, std::string> out;
  for (const auto& w : words) {
    if (const auto eq = w.find('='); eq != std::string::npos) {
      out[w.substr(0, eq)] = w.substr(eq + 1);
    } else {
      out[w] = "";
    }
  }
  return out;
}

std::chrono::minutes Clock(const std::string& hhmm) {
  return std::chrono::minutes{std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2))};
}

class Scenario {
 public:
  explicit Scenario(std::string name) : name_(std::move(name)) {}

  void Run(std::istream& in) {
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      line = std::string(Trim(line));
      if (line.empty() || line[0] == '#') {
        continue;
      }
      SCOPED_TRACE(name_ + ":" + std::to_string(number) + ": " + line);
      auto words = Words(line);
      const std::string verb = words.front();
      words.erase(words.begin());
      if (verb == "given") {
        Given(words);
      } else if (verb == "when") {
        When(words);
      } else if (verb == "expect") {
        Expect(words);
      } else {
        ADD_FAILURE() << "a line starts with given, when or expect";
      }
      if (::testing::Test::HasFatalFailure()) {
        return;
      }
    }
  }

 private:
  void Given(const std::vector<std::string>& w) {
    ASSERT_GE(w.size(), 2u);
    const auto opt = Options(w);
    if (w[0] == "calendar") {
      CalendarSpec spec;
      spec.id = w[1];
      if (w.size() > 2 && w[2] == "always") {
        spec.always_open = true;
      } else {
        ASSERT_GE(w.size(), 5u) << "calendar ID RULE DAYS HH:MM-HH:MM";
        auto zone = TimeZone::FromPosixRule(w[2]);
        ASSERT_TRUE(zone) << zone.error().message;
        spec.zone = zone.value();
        const int last = w[3] == "mon-sun" ? 7 : w[3] == "mon-sat" ? 6 : 5;
        for (int d = 0; d < last; ++d) {
          spec.hours[d] = {{Clock(w[4].substr(0, 5)), Clock(w[4].substr(6, 5))}};
        }
        spec.polish_holidays = !opt.count("no-holidays");
      }
      calendars_.emplace_back(std::move(spec));
    } else if (w[0] == "unit") {
      UnitRules u;
      u.department = w[1];
      u.calendar = opt.count("calendar") ? opt.at("calendar") : "office";
      u.escalate_to = opt.count("escalate_to") ? opt.at("escalate_to") : "";
      units_.push_back(u);
      Department(w[1]);
    } else if (w[0] == "service") {
      ServiceProcess p;
      p.service_code = w[1];
      p.dispatch = SplitList(opt.count("dispatch") ? opt.at("dispatch") : "roads");
      for (const auto& d : p.dispatch) {
        Department(d);
      }
      p.close_rule = opt.count("close") && opt.at("close") == "lead_unit" ? CloseRule::kLeadUnit
                                                                          : CloseRule::kAllTasks;
      if (opt.count("sla")) {
        p.sla_hours.fill(std::stod(opt.at("sla")));
      }
      if (opt.count("urgent_sla")) {
        p.sla_hours[0] = std::stod(opt.at("urgent_sla"));
      }
      if (opt.count("warn_at")) {
        warn_share_ = std::stod(opt.at("warn_at"));
      }
      p.emergency = opt.count("emergency") > 0;
      services_.push_back(p);
    } else if (w[0] == "emergency") {
      emergency_.department = w[1];
      Department(w[1]);
      emergency_.phrases = SplitList(opt.count("phrases") ? opt.at("phrases") : "");
    } else if (w[0] == "duplicates") {
      dedup_rule_.radius_m = std::stod(opt.count("radius") ? opt.at("radius") : "100");
      dedup_rule_.window_days = std::stoi(opt.count("window") ? opt.at("window") : "30");
      dedup_rule_.related_services = SplitList(opt.count("related") ? opt.at("related") : "");
      auto_merge_ = std::stod(opt.count("auto_merge") ? opt.at("auto_merge") : "0.95");
      suggest_ = std::stod(opt.count("suggest") ? opt.at("suggest") : "0.4");
    } else if (w[0] == "staff") {
      ASSERT_GE(w.size(), 3u);
      cases::Actor a;
      a.id = "user:" + w[1];
      const auto role = cases::ParseRole(w[2]);
      ASSERT_TRUE(role) << "unknown role " << w[2];
      a.role = *role;
      a.departments = SplitList(opt.count("departments") ? opt.at("departments") : "");
      staff_[w[1]] = a;
    } else {
      FAIL() << "unknown given: " << w[0];
    }
  }

  void Department(const std::string& id) {
    if (std::none_of(departments_.begin(), departments_.end(),
                     [&](const cases::Department& d) { return d.id == id; })) {
      departments_.push_back({id, {id, id}, {"test.pl"}});
    }
  }

  // Builds the catalog and rules on the first `when`.
  void Build() {
    if (workflow_) {
      return;
    }
    cases::Jurisdiction j;
    j.id = "test.pl";
    j.name = {"Testowo", "Testville"};
    j.time_zone = "Europe/Warsaw";
    std::vector<cases::Service> services;
    for (const auto& p : services_) {
      cases::Service s;
      s.code = p.service_code;
      s.name = {p.service_code, p.service_code};
      s.jurisdictions = {"test.pl"};
      s.department = p.dispatch.front();
      services.push_back(s);
    }
    auto catalog = cases::Catalog::Build({j}, departments_, {}, services);
    ASSERT_TRUE(catalog) << catalog.error().message;
    catalog_ = std::make_unique<cases::Catalog>(std::move(catalog).value());
    auto process = StandardProcess();
    process.warn_share = warn_share_;
    rules_ = std::make_unique<Rules>(std::vector<Process>{process}, calendars_, units_, services_,
                                     emergency_, DuplicateRules{});
    workflow_ = std::make_unique<Workflow>(*catalog_, *rules_);
  }

  Timestamp Time(const std::string& text) {
    auto t = ParseW3c(text);
    EXPECT_TRUE(t) << "not a W3C time: " << text;
    return t ? t.value() : Timestamp{};
  }

  void Record(const std::string& case_name, Change change) {
    auto& log = events_[case_name];
    for (auto& e : change.events) {
      log.push_back(std::move(e));
    }
    for (auto& m : change.outbox) {
      outbox_.push_back(std::move(m));
    }
  }

  // when TIME report CASE SERVICE "text"
  // when TIME STAFF sets CASE UNIT STATE ["note"] [public]
  // when TIME STAFF classifies CASE SERVICE | dispatches CASE UNIT [PERSON] | notes CASE "text"
  //   [public] | merges CASE into CASE | unmerges CASE from CASE
  // when TIME tick
  void When(const std::vector<std::string>& w) {
    Build();
    ASSERT_GE(w.size(), 2u);
    now_ = Time(w[0]);
    last_error_.reset();
    if (w[1] == "tick") {
      for (auto& [name, file] : cases_) {
        Record(name, workflow_->Tick(file, now_));
      }
      return;
    }
    if (w[1] == "report") {
      ASSERT_GE(w.size(), 5u) << "when TIME report CASE SERVICE \"text\"";
      CaseFile file;
      file.request.number = "CASE-" + w[2];
      file.request.jurisdiction_id = "test.pl";
      file.request.service_code = w[3];
      file.request.description = w[4];
      file.request.requested_at = now_;
      // "at LAT,LON": a located report, checked for duplicates as intake does.
      std::optional<dedup::Decision> decision;
      if (w.size() >= 7 && w[5] == "at") {
        const auto comma = w[6].find(',');
        file.request.location =
            cases::GeoPoint{std::stod(w[6].substr(0, comma)), std::stod(w[6].substr(comma + 1))};
        const dedup::Probe probe{"test.pl", w[3], *file.request.location, now_, w[4]};
        std::vector<dedup::Stored> stored;
        for (const auto& [name, other] : cases_) {
          if (other.request.location) {
            stored.push_back({other.request.number,
                              other.request.service_code,
                              *other.request.location,
                              other.request.requested_at,
                              other.request.status,
                              other.master_number,
                              other.request.description,
                              false,
                              {}});
          }
        }
        dedup::Rule rule = dedup_rule_;  // "related" names a group of services.
        if (std::find(rule.related_services.begin(), rule.related_services.end(), w[3]) ==
            rule.related_services.end()) {
          rule.related_services.clear();
        }
        decision = dedup::Decide(dedup::Rank(probe, rule, stored, suggest_, 5), auto_merge_);
        candidates_[w[2]] = decision->suggestions;
      }
      Record(w[2], workflow_->Open(file, now_));
      cases_[w[2]] = std::move(file);
      if (decision && decision->merge_into) {
        const std::string master = decision->merge_into->substr(5);  // "CASE-" + name
        auto r = workflow_->Merge(cases_.at(w[2]), cases_.at(master), cases::Actor::System(), now_);
        ASSERT_TRUE(r) << r.error().message;
        Record(w[2], std::move(r->duplicate));
        Record(master, std::move(r->master));
      }
      return;
    }
    ASSERT_TRUE(staff_.count(w[1])) << "unknown staff " << w[1];
    const cases::Actor& actor = staff_.at(w[1]);
    ASSERT_GE(w.size(), 4u);
    const std::string& verb = w[2];
    ASSERT_TRUE(cases_.count(w[3])) << "unknown case " << w[3];
    CaseFile& file = cases_.at(w[3]);
    const bool is_public = std::find(w.begin(), w.end(), "public") != w.end();
    const auto keep = [&](Result<Change> r) {
      if (r) {
        Record(w[3], std::move(r).value());
      } else {
        last_error_ = r.error();
      }
    };
    if (verb == "sets") {
      ASSERT_GE(w.size(), 6u);
      const auto state = ParseTaskState(w[5]);
      ASSERT_TRUE(state) << "unknown task state " << w[5];
      const std::string note = w.size() > 6 && w[6] != "public" ? w[6] : "";
      keep(workflow_->SetTaskState(file, w[4], *state, note, is_public, actor, now_));
    } else if (verb == "classifies") {
      keep(workflow_->Classify(file, w.at(4), actor, now_));
    } else if (verb == "dispatches") {
      keep(workflow_->Dispatch(file, w.at(4), w.size() > 5 ? w[5] : "", actor, now_));
    } else if (verb == "notes") {
      keep(workflow_->AddNote(file, w.at(4), is_public, actor, now_));
    } else if (verb == "merges" || verb == "unmerges") {
      ASSERT_EQ(w.size(), 6u);
      ASSERT_TRUE(cases_.count(w[5])) << "unknown case " << w[5];
      CaseFile& master = cases_.at(w[5]);
      auto r = verb == "merges" ? workflow_->Merge(file, master, actor, now_)
                                : workflow_->Unmerge(file, master, actor, now_);
      if (!r) {
        last_error_ = r.error();
        return;
      }
      Record(w[3], std::move(r->duplicate));
      Record(w[5], std::move(r->master));
    } else {
      FAIL() << "unknown action " << verb;
    }
  }

  const Task* FindTask(const std::string& case_name, const std::string& unit) {
    const Task* task = cases_.at(case_name).FindTask(unit);
    EXPECT_NE(task, nullptr) << "case " << case_name << " has no task for " << unit;
    return task;
  }

  void ExpectTime(const std::optional<Timestamp>& actual, const std::string& expected) {
    if (expected == "none") {
      EXPECT_FALSE(actual) << "got " << FormatW3c(*actual);
    } else {
      ASSERT_TRUE(actual) << "no time, expected " << expected;
      EXPECT_EQ(FormatW3c(*actual), FormatW3c(Time(expected)));
    }
  }

  // expect CASE status STATUS | CASE task UNIT STATE | CASE due UNIT TIME|none |
  //   CASE sla UNIT STATE | CASE sla STATE | CASE expected TIME|none | CASE emergency yes|no |
  //   CASE priority P | CASE event KIND [UNIT] | CASE no-event KIND [UNIT] |
  //   outbox TOPIC RECIPIENT [priority=N] | no-outbox TOPIC [RECIPIENT] |
  //   error CODE "part of the message" | ok
  void Expect(const std::vector<std::string>& w) {
    ASSERT_FALSE(w.empty());
    if (w[0] == "ok") {
      EXPECT_FALSE(last_error_) << last_error_->message;
      return;
    }
    if (w[0] == "error") {
      ASSERT_TRUE(last_error_) << "the last action succeeded";
      EXPECT_EQ(ErrorCodeName(last_error_->code), w.at(1)) << last_error_->message;
      if (w.size() > 2) {
        EXPECT_NE(last_error_->message.find(w[2]), std::string::npos) << last_error_->message;
      }
      return;
    }
    if (w[0] == "outbox" || w[0] == "no-outbox") {
      const auto opt = Options(w);
      const auto matches = [&](const OutboxMessage& m) {
        return m.topic == w.at(1) &&
               (w.size() < 3 || w[2].find('=') != std::string::npos || m.recipient == w[2]) &&
               (!opt.count("priority") || std::to_string(m.priority) == opt.at("priority"));
      };
      const bool found = std::any_of(outbox_.begin(), outbox_.end(), matches);
      EXPECT_EQ(found, w[0] == "outbox") << "outbox " << w.at(1);
      return;
    }
    ASSERT_GE(w.size(), 3u);
    ASSERT_TRUE(cases_.count(w[0])) << "unknown case " << w[0];
    const CaseFile& file = cases_.at(w[0]);
    const std::string& what = w[1];
    if (what == "status") {
      EXPECT_EQ(cases::StatusName(file.request.status), w[2]);
    } else if (what == "task") {
      ASSERT_GE(w.size(), 4u);
      if (const Task* t = FindTask(w[0], w[2])) {
        EXPECT_EQ(TaskStateName(t->state), w[3]);
      }
    } else if (what == "due") {
      ASSERT_GE(w.size(), 4u);
      if (const Task* t = FindTask(w[0], w[2])) {
        ExpectTime(t->sla.due_at, w[3]);
      }
    } else if (what == "sla") {
      if (w.size() == 4) {
        if (const Task* t = FindTask(w[0], w[2])) {
          EXPECT_EQ(SlaStateName(workflow_->SlaOf(*t, now_)), w[3]);
        }
      } else {
        EXPECT_EQ(SlaStateName(workflow_->SlaOf(file, now_)), w[2]);
      }
    } else if (what == "expected") {
      ExpectTime(file.request.expected_at, w[2]);
    } else if (what == "emergency") {
      EXPECT_EQ(file.emergency, w[2] == "yes");
    } else if (what == "priority") {
      EXPECT_EQ(PriorityName(file.priority), w[2]);
    } else if (what == "event" || what == "no-event") {
      const auto& log = events_[w[0]];
      const bool found = std::any_of(log.begin(), log.end(), [&](const WorkflowEvent& e) {
        return cases::EventKindName(e.kind) == w[2] && (w.size() < 4 || e.department == w[3]);
      });
      EXPECT_EQ(found, what == "event") << "event " << w[2];
    } else if (what == "event-count") {
      ASSERT_EQ(w.size(), 4u);
      const auto& log = events_[w[0]];
      const auto n = std::count_if(log.begin(), log.end(), [&](const WorkflowEvent& e) {
        return cases::EventKindName(e.kind) == w[2];
      });
      EXPECT_EQ(std::to_string(n), w[3]) << "events " << w[2];
    } else if (what == "candidate" || what == "no-candidate") {
      const auto& list = candidates_[w[0]];
      const auto it = std::find_if(list.begin(), list.end(), [&](const dedup::Candidate& c) {
        return c.number == "CASE-" + w[2];
      });
      EXPECT_EQ(it != list.end(), what == "candidate") << "candidate " << w[2];
      if (it != list.end() && w.size() > 3) {
        // "because REASON-PART": one of the reasons mentions it.
        const bool has = std::any_of(it->reasons.begin(), it->reasons.end(), [&](const auto& r) {
          return r.find(w[3]) != std::string::npos;
        });
        EXPECT_TRUE(has) << "no reason mentions " << w[3];
      }
    } else if (what == "master") {
      EXPECT_EQ(file.master_number, w[2] == "none" ? "" : "CASE-" + w[2]);
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  std::string name_;
  std::vector<BusinessCalendar> calendars_;
  std::vector<UnitRules> units_;
  std::vector<ServiceProcess> services_;
  std::vector<cases::Department> departments_;
  EmergencyRules emergency_;
  double warn_share_ = 0.8;
  std::map<std::string, cases::Actor> staff_;
  dedup::Rule dedup_rule_;
  double auto_merge_ = 0.95;
  double suggest_ = 0.4;
  std::map<std::string, std::vector<dedup::Candidate>> candidates_;

  std::unique_ptr<cases::Catalog> catalog_;
  std::unique_ptr<Rules> rules_;
  std::unique_ptr<Workflow> workflow_;
  std::map<std::string, CaseFile> cases_;
  std::map<std::string, std::vector<WorkflowEvent>> events_;
  std::vector<OutboxMessage> outbox_;
  std::optional<Error> last_error_;
  Timestamp now_;
};

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(RATUSZ_SCENARIO_DIR)) {
    if (entry.path().extension() == ".scenario") {
      out.push_back(entry.path().stem().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, Holds) {
  std::ifstream in(std::string(RATUSZ_SCENARIO_DIR) + "/" + GetParam() + ".scenario");
  ASSERT_TRUE(in) << "cannot read " << GetParam();
  Scenario scenario(GetParam());
  scenario.Run(in);
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ratusz::workflow
