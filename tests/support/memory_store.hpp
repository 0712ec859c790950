#pragma once

// An in-memory CaseStore for unit tests of the use cases: writes complete at once, on the
// caller's thread.

#include <map>

#include "app/ports.hpp"
#include "cases/case_number.hpp"

namespace ratusz::testing {

class MemoryCaseStore final : public app::CaseStore {
 public:
  void CreateCase(app::CreateCaseCommand command,
                  app::Callback<Result<app::CreatedCase>> done) override {
    if (!command.idempotency_key.empty()) {
      const auto key = std::make_pair(command.client_id, command.idempotency_key);
      if (const auto it = keys_.find(key); it != keys_.end()) {
        if (it->second.first != command.fingerprint) {
          done(MakeError(ErrorCode::kConflict, "key reused"));
        } else {
          done(app::CreatedCase{cases_.at(it->second.second), true, false, {}});
        }
        return;
      }
    }
    cases::ServiceRequest r = std::move(command.request);
    r.id = static_cast<std::int64_t>(cases_.size()) + 1;
    r.number = cases::CaseNumberFor(r.id);
    r.token = cases::TokenFor(r.number, command.token_secret);
    workflow::CaseFile file;
    file.request = r;
    if (command.opening) {
      if (auto opened = command.opening->Open(file); !opened) {
        done(opened.error());
        return;
      }
      r = file.request;
    }
    files_[r.number] = file;
    cases_[r.number] = r;
    if (!command.idempotency_key.empty()) {
      keys_[{command.client_id, command.idempotency_key}] = {command.fingerprint, r.number};
    }
    done(app::CreatedCase{r, false, file.emergency, {}});
  }

  void AddUpdate(app::NewUpdate update, app::Callback<Result<cases::CaseEvent>> done) override {
    auto& r = cases_.at(update.case_number);
    cases::CaseEvent e;
    e.id = static_cast<std::int64_t>(events_.size()) + 1;
    e.case_number = update.case_number;
    e.status = update.status.value_or(r.status);
    e.description = update.description;
    e.at = update.at;
    r.status = e.status;
    events_.push_back(e);
    done(e);
  }

  void SetChangeListener(std::function<void(std::int64_t)>) override {}

  Result<std::optional<cases::ServiceRequest>> FindByNumber(std::string_view number) override {
    const auto it = cases_.find(std::string(number));
    if (it == cases_.end()) {
      return std::optional<cases::ServiceRequest>{};
    }
    return std::optional<cases::ServiceRequest>{it->second};
  }
  Result<std::optional<cases::ServiceRequest>> FindByToken(std::string_view) override {
    return std::optional<cases::ServiceRequest>{};
  }
  Result<std::vector<cases::ServiceRequest>> ListRequests(const app::RequestQuery&) override {
    return std::vector<cases::ServiceRequest>{};
  }
  Result<std::vector<cases::CaseEvent>> ListUpdates(const app::UpdateQuery&) override {
    return events_;
  }

  // Case handling on in-memory case files: the operation runs on copies, kept only when it
  // succeeds (as the store's transaction would).
  void MutateCases(app::CaseMutation mutation,
                   app::Callback<Result<std::vector<workflow::CaseFile>>> done) override {
    std::vector<workflow::CaseFile> files;
    for (const auto& n : mutation.numbers) {
      const auto it = files_.find(n);
      if (it == files_.end()) {
        done(MakeError(ErrorCode::kNotFound, "no case " + n));
        return;
      }
      files.push_back(it->second);
    }
    if (mutation.expected_version && *mutation.expected_version != files.front().version) {
      done(MakeError(ErrorCode::kConflict, "stale version", "version"));
      return;
    }
    auto changes = mutation.operation->Decide(files);
    if (!changes) {
      done(changes.error());
      return;
    }
    for (const auto& f : files) {
      files_[f.request.number] = f;
      cases_[f.request.number] = f.request;
    }
    done(files);
  }
  Result<std::optional<workflow::CaseFile>> LoadCase(std::string_view number) override {
    const auto it = files_.find(std::string(number));
    if (it == files_.end()) {
      return std::optional<workflow::CaseFile>{};
    }
    return std::optional<workflow::CaseFile>{it->second};
  }
  Result<std::vector<cases::CaseEvent>> CaseHistory(std::string_view) override { return events_; }
  Result<app::CaseSearchResult> SearchCases(const app::CaseSearch&) override {
    app::CaseSearchResult out;
    for (const auto& [n, f] : files_) {
      out.cases.push_back(f);
    }
    out.total = static_cast<std::int64_t>(out.cases.size());
    return out;
  }
  Result<std::vector<dedup::Stored>> CasesInBox(std::string_view, const dedup::SearchBox&,
                                                int) override {
    return std::vector<dedup::Stored>{};
  }
  Status CompleteCandidates(std::vector<dedup::Stored>&) override { return {}; }
  Result<std::vector<std::string>> CasesDueForTimers(Timestamp, int) override {
    return std::vector<std::string>{};
  }

  std::map<std::string, cases::ServiceRequest> cases_;
  std::map<std::string, workflow::CaseFile> files_;
  std::vector<cases::CaseEvent> events_;

 private:
  std::map<std::pair<std::int64_t, std::string>, std::pair<std::string, std::string>> keys_;
};

}  // namespace ratusz::testing
