#include "app/expert_line.hpp"

#include <algorithm>
#include <memory>

#include "common/text.hpp"

namespace ratusz::app {
namespace {

using cases::Role;

std::string UserOf(const cases::Actor& actor) {
  return actor.id.rfind("user:", 0) == 0 ? actor.id.substr(5) : actor.id;
}

bool Oversees(const cases::Actor& actor) {
  return actor.role == Role::kAdmin || actor.role == Role::kSupervisor ||
         actor.role == Role::kEditor;
}

// The first `max` bytes of `s`, cut on a character's boundary.
std::string Cut(std::string s, std::size_t max) {
  if (s.size() <= max) {
    return s;
  }
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) {
    --max;
  }
  s.resize(max);
  return s + "…";
}

// The conversation so far, for the expert: who said what, the newest last, within a line.
std::string Conversation(const InteractionRecord& r, const std::vector<ChatLine>& lines) {
  std::string out = "Rozmowa z mieszkańcem (kontakt " + std::to_string(r.id) + ", " + r.channel +
                    ") / The conversation so far:";
  for (const auto& l : lines) {
    if (l.sender == "system") {
      continue;
    }
    out +=
        "\n" + std::string(l.sender == "resident" ? "mieszkaniec" : "konsultant") + ": " + l.text;
  }
  if (!r.notes.empty()) {
    out += "\nNotatka: " + r.notes;
  }
  return Cut(std::move(out), 3900);
}

}  // namespace

void ExpertLine::Ask(const cases::Actor& actor, std::int64_t for_interaction,
                     const std::string& topic, const std::string& question,
                     Callback<Result<ConsultationView>> done) {
  if (actor.role == Role::kAuditor) {
    done(MakeError(ErrorCode::kPermissionDenied, "auditors do not ask the expert line"));
    return;
  }
  const auto& topics = kb_.options().topics;
  const auto t = std::find_if(topics.begin(), topics.end(),
                              [&](const kb::Topic& k) { return k.code == topic; });
  if (t == topics.end() || t->expert_queue.empty()) {
    done(MakeError(ErrorCode::kInvalidArgument,
                   "not a topic with an expert line (GET /api/v1/kb/topics)", "topic"));
    return;
  }
  if (auto s = kb::CheckText(question, "question", 1000, true, true); !s) {
    done(s.error());
    return;
  }
  std::string language = "pl";
  std::string context;
  if (for_interaction != 0) {
    if (auto s = kb_.CheckInteraction(actor, for_interaction); !s) {
      done(s.error());
      return;
    }
    auto r = center_.Load(for_interaction);
    if (!r) {
      done(r.error());
      return;
    }
    language = r->language.empty() ? language : r->language;
    std::vector<ChatLine> lines;
    if (r->channel != "voice") {
      auto t2 = center_.Transcript(for_interaction, 0);
      if (!t2) {
        done(t2.error());
        return;
      }
      lines = std::move(t2.value());
    }
    context = Conversation(r.value(), lines);
  }
  NewContact contact;
  contact.channel = contact::Channel::kConsult;
  contact.queue = t->expert_queue;
  contact.address = "agent:" + UserOf(actor);
  contact.language = language;
  contact.subject = Cut(std::string(Trim(question)), 200);
  auto routing = center_.Open(std::move(contact));
  if (!routing) {
    done(routing.error());
    return;
  }
  const std::int64_t id = routing->interaction.id;
  const std::string asker = routing->interaction.address;
  if (auto line = center_.Say(id, asker, std::string(Trim(question))); !line) {
    done(line.error());
    return;
  }
  if (!context.empty()) {
    if (auto line = center_.Say(id, "system", context); !line) {
      done(line.error());
      return;
    }
  }
  Consultation c;
  c.id = id;
  c.for_interaction = for_interaction;
  c.asked_by = actor.id;
  c.topic = topic;
  c.question = std::string(Trim(question));
  c.asked_at = clock_.Now();
  store_.SaveConsultation(c, [this, c, done = std::move(done)](Status s) {
    if (!s) {
      done(s.error());
      return;
    }
    ViewWhenWritten(c, done);
  });
}

void ExpertLine::ViewWhenWritten(const Consultation& c, Callback<Result<ConsultationView>> done) {
  center_.Flush([this, c, done = std::move(done)](Status flushed) {
    if (!flushed) {
      done(flushed.error());
      return;
    }
    done(View(c));
  });
}

Result<ConsultationView> ExpertLine::View(const Consultation& c) {
  ConsultationView v;
  v.consultation = c;
  auto r = center_.Load(c.id);
  if (!r) {
    return r.error();
  }
  v.contact = std::move(r.value());
  auto lines = center_.Transcript(c.id, 0);
  if (!lines) {
    return lines.error();
  }
  v.lines = std::move(lines.value());
  for (const auto& l : v.lines) {
    if (!v.contact.agent.empty() && l.sender == "agent:" + v.contact.agent) {
      v.answer += (v.answer.empty() ? "" : "\n\n") + l.text;
    }
  }
  return v;
}

Result<ConsultationView> ExpertLine::Get(const cases::Actor& actor, std::int64_t id) {
  auto c = store_.LoadConsultation(id);
  if (!c) {
    return c.error();
  }
  if (!c.value()) {
    return MakeError(ErrorCode::kNotFound, "no such question to the expert line");
  }
  auto v = View(*c.value());
  if (!v) {
    return v;
  }
  if (!Oversees(actor) && actor.id != v->consultation.asked_by &&
      UserOf(actor) != v->contact.agent) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "only the agent who asked, the expert and supervisors see it");
  }
  return v;
}

Result<std::vector<ConsultationView>> ExpertLine::List(const cases::Actor& actor, int limit) {
  const bool all = actor.role == Role::kAdmin || actor.role == Role::kSupervisor;
  auto list = store_.ListConsultations(all ? std::string() : actor.id, std::clamp(limit, 1, 200));
  if (!list) {
    return list.error();
  }
  std::vector<ConsultationView> out;
  for (const auto& c : list.value()) {
    auto v = View(c);
    if (!v) {
      return v.error();
    }
    out.push_back(std::move(v.value()));
  }
  return out;
}

Result<ConsultationView> ExpertLine::AskersView(const cases::Actor& actor, std::int64_t id,
                                                std::string_view what) {
  auto v = Get(actor, id);
  if (v && actor.id != v->consultation.asked_by) {
    return MakeError(ErrorCode::kPermissionDenied, "only the agent who asked " + std::string(what));
  }
  return v;
}

void ExpertLine::Add(const cases::Actor& actor, std::int64_t id, const std::string& text,
                     Callback<Result<ChatLine>> done) {
  auto v = AskersView(actor, id, "adds to the question");
  if (!v) {
    done(v.error());
    return;
  }
  center_.Say(id, v->contact.address, text, {}, std::move(done));
}

void ExpertLine::Answer(const cases::Actor& actor, std::int64_t id, const std::string& text,
                        Callback<Result<ConsultationView>> done) {
  auto v = Get(actor, id);
  if (!v) {
    done(v.error());
    return;
  }
  if (UserOf(actor) != v->contact.agent || v->contact.state != "connected") {
    done(MakeError(ErrorCode::kPermissionDenied,
                   "only the expert who accepted the question answers it"));
    return;
  }
  center_.Say(id, "agent:" + v->contact.agent, text, {},
              [this, id, c = v->consultation, done = std::move(done)](Result<ChatLine> line) {
                if (!line) {
                  done(line.error());
                  return;
                }
                if (auto ended = center_.End(id); !ended) {
                  done(ended.error());
                  return;
                }
                ViewWhenWritten(c, done);
              });
}

void ExpertLine::Forward(const cases::Actor& actor, std::int64_t id,
                         Callback<Result<ChatLine>> done) {
  auto v = AskersView(actor, id, "forwards the answer");
  if (!v) {
    done(v.error());
    return;
  }
  if (v->consultation.for_interaction == 0) {
    done(MakeError(ErrorCode::kFailedPrecondition, "the question was not about a contact"));
    return;
  }
  if (v->answer.empty()) {
    done(MakeError(ErrorCode::kFailedPrecondition, "no answer yet"));
    return;
  }
  auto c = v->consultation;
  center_.Reply(c.for_interaction, v->contact.address, v->answer,
                [this, c, done = std::move(done)](Result<ChatLine> line) mutable {
                  if (!line) {
                    done(std::move(line));
                    return;
                  }
                  c.forwarded_at = clock_.Now();
                  store_.SaveConsultation(
                      c, [line, done](Status s) { done(s ? line : Result<ChatLine>(s.error())); });
                });
}

void ExpertLine::Draft(const cases::Actor& actor, std::int64_t id, std::string owner_unit,
                       kb::Audience audience, Callback<Result<kb::Article>> done) {
  auto v = Get(actor, id);
  if (!v) {
    done(v.error());
    return;
  }
  if (v->answer.empty()) {
    done(MakeError(ErrorCode::kFailedPrecondition, "no answer yet"));
    return;
  }
  if (owner_unit.empty() && !actor.departments.empty()) {
    owner_unit = actor.departments.front();
  }
  kb::Content content;
  content.title_pl = Cut(v->consultation.question, 190);
  for (auto& ch : content.title_pl) {
    ch = ch == '\n' ? ' ' : ch;
  }
  content.body_pl = v->answer;
  content.owner_unit = std::move(owner_unit);
  content.audience = audience;
  auto c = v->consultation;
  kb_.Write(actor, 0, 0, std::move(content), "from the expert line, question " + std::to_string(id),
            [this, c, done = std::move(done)](Result<kb::Article> a) mutable {
              if (!a) {
                done(std::move(a));
                return;
              }
              c.article = a->id;
              store_.SaveConsultation(
                  c, [a, done](Status s) { done(s ? a : Result<kb::Article>(s.error())); });
            });
}

}  // namespace ratusz::app
