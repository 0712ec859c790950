#pragma once

// The expert line (S11): an agent who cannot answer a resident sends the question, with the
// conversation so far, to the experts of its topic. The question is a contact of its own
// (channel "consult") in the topic's expert queue, so the contact-center engine routes it like
// any other: offered to an available expert with the queue's skill (users with the role
// "expert" whose routing profile has it), accepted and answered in the expert's console. The
// agent who asked follows it live in their console (as a resident follows a chat) and may add
// to it; the answer goes to the resident while they wait (the agent tells them, or writes it in
// their chat) or later by their channel (ContactCenter::Reply: e-mail, or a text to a caller).
// A good answer becomes a draft article with one call.

#include <string>
#include <vector>

#include "app/contact_center.hpp"
#include "app/knowledge_base.hpp"
#include "app/ports.hpp"

namespace ratusz::app {

struct ConsultationView {
  Consultation consultation;
  InteractionRecord contact;    // The consult contact: its state and expert (agent).
  std::vector<ChatLine> lines;  // The question, the conversation so far, the answer.
  std::string answer;           // What the expert wrote, line after line.
};

class ExpertLine {
 public:
  ExpertLine(ContactCenter& center, KnowledgeBase& kb, KnowledgeStore& store, const Clock& clock)
      : center_(center), kb_(kb), store_(store), clock_(clock) {}

  // `for_interaction` (0: none) must be a contact the agent handles; its transcript goes with
  // the question.
  void Ask(const cases::Actor& actor, std::int64_t for_interaction, const std::string& topic,
           const std::string& question, Callback<Result<ConsultationView>> done);
  // The agent who asked, the expert, supervisors, editors and admins.
  [[nodiscard]] Result<ConsultationView> Get(const cases::Actor& actor, std::int64_t id);
  // The actor's questions (supervisors and admins: everybody's), newest first.
  [[nodiscard]] Result<std::vector<ConsultationView>> List(const cases::Actor& actor, int limit);
  // The agent who asked adds to the question.
  void Add(const cases::Actor& actor, std::int64_t id, const std::string& text,
           Callback<Result<ChatLine>> done);
  // The expert handling it answers, and the question is closed.
  void Answer(const cases::Actor& actor, std::int64_t id, const std::string& text,
              Callback<Result<ConsultationView>> done);
  // The agent who asked sends the answer to the resident (see ContactCenter::Reply).
  void Forward(const cases::Actor& actor, std::int64_t id, Callback<Result<ChatLine>> done);
  // A draft article from the question and the answer, for `owner_unit`'s editors to review.
  void Draft(const cases::Actor& actor, std::int64_t id, std::string owner_unit,
             kb::Audience audience, Callback<Result<kb::Article>> done);

 private:
  Result<ConsultationView> View(const Consultation& c);
  // The question, for the agent who asked it only (`what` they would do, for the refusal).
  Result<ConsultationView> AskersView(const cases::Actor& actor, std::int64_t id,
                                      std::string_view what);
  // The view once everything written before is on disk (the contact, its lines).
  void ViewWhenWritten(const Consultation& c, Callback<Result<ConsultationView>> done);

  ContactCenter& center_;
  KnowledgeBase& kb_;
  KnowledgeStore& store_;
  const Clock& clock_;
};

}  // namespace ratusz::app
