#pragma once

// The wording of the notices a case's followers get (S16): one template per topic
// (resident.received, .acknowledged, .dispatched, .status, .note, .closed), a subject and an
// opening line in Polish and English, in which {number} stands for the case's number and
// {status} for its status in the reader's language. The subject is sent after "[NUMBER] " (a
// reply finds its case by it). The city may replace any of the built-in templates in its
// configuration ([[notice_template]]).

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ratusz::residents {

struct CaseNoticeTemplate {
  std::string topic;
  std::string subject_pl;
  std::string subject_en;
  std::string text_pl;
  std::string text_en;
};

// The topics a template can be given for.
const std::vector<std::string_view>& CaseNoticeTopics();

class CaseNoticeTemplates {
 public:
  // The built-in wording, with `overrides` in place of theirs.
  explicit CaseNoticeTemplates(const std::vector<CaseNoticeTemplate>& overrides = {});
  // The template of `topic` (resident.status's for an unknown topic).
  const CaseNoticeTemplate& For(std::string_view topic) const;

 private:
  std::map<std::string, CaseNoticeTemplate, std::less<>> by_topic_;
};

// `text` with {name} replaced by values[name]; unknown names stay as they are.
std::string Fill(std::string_view text, const std::map<std::string, std::string>& values);

// Placeholders in `text` that are not among `known` ("{nmber}"), to report a template's typo.
std::vector<std::string> UnknownPlaceholders(std::string_view text,
                                             const std::vector<std::string_view>& known);

}  // namespace ratusz::residents
