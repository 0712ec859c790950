#include "residents/templates.hpp"

#include <algorithm>

namespace ratusz::residents {

const std::vector<std::string_view>& CaseNoticeTopics() {
  static const std::vector<std::string_view> kTopics = {
      "resident.received", "resident.acknowledged", "resident.dispatched",
      "resident.status",   "resident.note",         "resident.closed"};
  return kTopics;
}

CaseNoticeTemplates::CaseNoticeTemplates(const std::vector<CaseNoticeTemplate>& overrides) {
  const std::vector<CaseNoticeTemplate> built_in = {
      {"resident.received", "Przyjęliśmy zgłoszenie", "We received your report",
       "Dziękujemy. Przyjęliśmy Twoje zgłoszenie.", "Thank you. We have received your report."},
      {"resident.acknowledged", "Zgłoszenie w realizacji", "Your report is being handled",
       "Jednostka odpowiedzialna przyjęła zgłoszenie do realizacji.",
       "The unit in charge has taken your report on."},
      {"resident.dispatched", "Zgłoszenie przekazane", "Your report was passed on",
       "Zgłoszenie przekazaliśmy kolejnej jednostce.", "We passed your report to another unit."},
      {"resident.status", "Zmiana statusu zgłoszenia", "Your report's status changed:",
       "Status Twojego zgłoszenia się zmienił.", "The status of your report has changed."},
      {"resident.note", "Nowa informacja o zgłoszeniu", "News about your report",
       "Mamy nową informację o Twoim zgłoszeniu.", "There is news about your report."},
      {"resident.closed", "Zgłoszenie zamknięte", "Your report is closed",
       "Zgłoszenie zostało zamknięte.", "Your report has been closed."},
  };
  for (const auto& t : built_in) {
    by_topic_[t.topic] = t;
  }
  for (const auto& t : overrides) {
    by_topic_[t.topic] = t;
  }
}

const CaseNoticeTemplate& CaseNoticeTemplates::For(std::string_view topic) const {
  const auto it = by_topic_.find(topic);
  return it != by_topic_.end() ? it->second : by_topic_.at("resident.status");
}

std::string Fill(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    const auto value = values.find(std::string(text.substr(open + 1, close - open - 1)));
    out += value != values.end() ? std::string_view(value->second)
                                 : text.substr(open, close - open + 1);
    i = close + 1;
  }
  return out;
}

std::vector<std::string> UnknownPlaceholders(std::string_view text,
                                             const std::vector<std::string_view>& known) {
  std::vector<std::string> out;
  for (std::size_t open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    const auto close = text.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    const auto name = text.substr(open + 1, close - open - 1);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      out.push_back("{" + std::string(name) + "}");
    }
  }
  return out;
}

}  // namespace ratusz::residents
