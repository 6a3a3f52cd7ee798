// The JSON event record (EVENT_SCHEMA.md) and the annotation object of `tacitus annotate`.
#include <string>
#include <unordered_map>

#include "output/text_format.h"
#include "tacitus/output.h"

namespace tacitus {

using output_internal::append_int;
using output_internal::append_number;

namespace {

// Small helper that keeps the separators right while an object is written field by field.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_.push_back('{'); }
  std::string& key(std::string_view k) {
    if (!first_) out_.push_back(',');
    first_ = false;
    append_json_string(out_, k);
    out_.push_back(':');
    return out_;
  }
  void str(std::string_view k, std::string_view v) { append_json_string(key(k), v); }
  // An empty string is unknown, hence null.
  void str_or_null(std::string_view k, std::string_view v) {
    if (v.empty()) {
      key(k) += "null";
    } else {
      str(k, v);
    }
  }
  void integer(std::string_view k, long long v) { append_int(key(k), v); }
  void number(std::string_view k, double v, int decimals) {
    append_number(key(k), v, decimals, true, "null");
  }
  void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }
  void null(std::string_view k) { key(k) += "null"; }
  void close() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool first_ = true;
};

void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(out, items[i]);
  }
  out.push_back(']');
}

void append_actor(std::string& out, const std::optional<EventActor>& actor) {
  if (!actor) {
    out += "null";
    return;
  }
  JsonObject o(out);
  o.str("text", actor->span.text);
  o.str_or_null("code", actor->code);
  o.str_or_null("country", actor->country);
  append_string_array(o.key("sector"), actor->sectors);
  o.integer("start", actor->span.start);
  o.integer("end", actor->span.end);
  o.close();
}

void append_place(std::string& out, const Place& p, bool with_offsets) {
  JsonObject o(out);
  if (with_offsets) {
    o.integer("start", p.start);
    o.integer("end", p.end);
  }
  o.str("text", p.text);
  o.str_or_null("name", p.name);
  if (p.geonames_id) {
    o.integer("geonames_id", p.geonames_id);
  } else {
    o.null("geonames_id");
  }
  o.number("lat", p.lat, 5);
  o.number("lon", p.lon, 5);
  o.str_or_null("country", p.country);
  o.str_or_null("admin1", p.admin1);
  o.str("precision", geo_precision_name(p.precision));
  o.close();
}

std::string_view sentence_text(const Document& doc, uint32_t index) {
  if (index >= doc.sentences.size()) return {};
  const Sentence& s = doc.sentences[index];
  if (s.start > s.stop || s.stop > doc.text.size()) return {};
  return std::string_view(doc.text).substr(s.start, s.stop - s.start);
}

// k of every event: its position among the events of the same sentence.
std::vector<uint32_t> sentence_ordinals(const Document& doc) {
  std::vector<uint32_t> k(doc.events.size());
  std::unordered_map<uint32_t, uint32_t> seen;  // sentence -> events so far
  for (size_t i = 0; i < doc.events.size(); ++i) k[i] = seen[doc.events[i].sentence_index]++;
  return k;
}

void append_event(std::string& out, const Document& doc, const Event& ev, uint32_t k) {
  JsonObject o(out);
  o.integer("schema", 1);
  std::string id = doc.id + ":" + std::to_string(ev.sentence_index) + ":" + std::to_string(k);
  o.str("event_id", id);
  o.str("doc_id", doc.id);
  o.integer("sentence_index", ev.sentence_index);
  if (ev.sentence_index < doc.sentences.size()) {
    o.str("sentence", sentence_text(doc, ev.sentence_index));
  } else {
    o.null("sentence");
  }
  {
    JsonObject t(o.key("trigger"));
    t.str("text", ev.trigger.text);
    t.integer("start", ev.trigger.start);
    t.integer("end", ev.trigger.end);
    t.close();
  }
  o.str_or_null("cameo", ev.cameo);
  o.str_or_null("cameo_root", ev.cameo_root);
  if (ev.cameo.empty()) {
    o.null("goldstein");
  } else {
    o.number("goldstein", ev.goldstein, 2);
  }
  if (ev.quad_class >= 1 && ev.quad_class <= 4) {
    o.integer("quad_class", ev.quad_class);
  } else {
    o.null("quad_class");
  }
  if (ev.plover_event.empty()) {
    o.null("plover");
  } else {
    JsonObject p(o.key("plover"));
    p.str("event", ev.plover_event);
    p.str_or_null("mode", ev.plover_mode);
    append_string_array(p.key("context"), ev.plover_context);
    p.close();
  }
  if (ev.acled_event_type.empty()) {
    o.null("acled");
  } else {
    JsonObject a(o.key("acled"));
    a.str("event_type", ev.acled_event_type);
    a.str_or_null("sub_event_type", ev.acled_sub_event_type);
    a.close();
  }
  append_actor(o.key("source"), ev.source);
  append_actor(o.key("target"), ev.target);
  if (ev.date && !ev.date->empty()) {
    o.str("date", *ev.date);
    o.str_or_null("date_text", ev.date_text);
    o.str_or_null("date_precision", ev.date_precision);
  } else {
    o.null("date");
    o.str_or_null("date_text", ev.date_text);
    o.null("date_precision");
  }
  if (ev.location) {
    append_place(o.key("location"), *ev.location, false);
  } else {
    o.null("location");
  }
  if (ev.fatalities) {
    o.integer("fatalities", *ev.fatalities);
  } else {
    o.null("fatalities");
  }
  if (ev.injuries) {
    o.integer("injuries", *ev.injuries);
  } else {
    o.null("injuries");
  }
  o.boolean("negated", ev.negated);
  o.str("modality", modality_name(ev.modality));
  if (ev.attribution) {
    JsonObject a(o.key("attribution"));
    a.str("text", ev.attribution->text);
    a.integer("start", ev.attribution->start);
    a.integer("end", ev.attribution->end);
    a.close();
  } else {
    o.null("attribution");
  }
  o.number("tone", ev.tone, 3);
  o.number("confidence", ev.confidence, 3);
  o.close();
}

}  // namespace

std::string event_id(const Document& doc, size_t index) {
  const Event& ev = doc.events[index];
  uint32_t k = 0;
  for (size_t j = 0; j < index; ++j)
    if (doc.events[j].sentence_index == ev.sentence_index) ++k;
  return doc.id + ":" + std::to_string(ev.sentence_index) + ":" + std::to_string(k);
}

std::string event_json(const Document& doc, size_t index) {
  const Event& ev = doc.events[index];
  uint32_t k = 0;
  for (size_t j = 0; j < index; ++j)
    if (doc.events[j].sentence_index == ev.sentence_index) ++k;
  std::string out;
  append_event(out, doc, ev, k);
  return out;
}

namespace output_internal {

// Appends one JSON line per event of `doc`; used by the JSON Lines writer.
size_t append_event_lines(std::string& out, const Document& doc) {
  std::vector<uint32_t> k = sentence_ordinals(doc);
  for (size_t i = 0; i < doc.events.size(); ++i) {
    append_event(out, doc, doc.events[i], k[i]);
    out.push_back('\n');
  }
  return doc.events.size();
}

}  // namespace output_internal

std::string annotation_json(const Document& doc) {
  std::string out;
  out.reserve(doc.text.size() * 3 + 256);
  JsonObject o(out);
  o.str("id", doc.id);
  if (doc.date) {
    o.str("date", *doc.date);
  } else {
    o.null("date");
  }
  o.str_or_null("source", doc.source);
  o.str_or_null("url", doc.url);
  o.str_or_null("title", doc.title);
  o.str("text", doc.text);

  std::string& s = o.key("sentences");
  s.push_back('[');
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    if (i) s.push_back(',');
    JsonObject so(s);
    so.integer("start", doc.sentences[i].start);
    so.integer("end", doc.sentences[i].stop);
    so.integer("first_token", doc.sentences[i].begin);
    so.integer("last_token", doc.sentences[i].end);
    so.close();
  }
  s.push_back(']');

  std::string& t = o.key("tokens");
  t.push_back('[');
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    if (i) t.push_back(',');
    const Token& tok = doc.tokens[i];
    JsonObject to(t);
    to.integer("start", tok.start);
    to.integer("end", tok.end);
    to.str("text", tok.end <= doc.text.size() && tok.start <= tok.end ? doc.token_text(i) : "");
    if (tok.upos == Upos::kUnknown) {
      to.null("upos");
    } else {
      to.str("upos", upos_name(tok.upos));
    }
    to.str_or_null("xpos", doc.xpos(i));
    to.str_or_null("lemma", doc.lemma(i));
    to.integer("head", tok.head);
    to.str_or_null("deprel", doc.deprel(i));
    to.close();
  }
  t.push_back(']');

  auto token_bytes = [&](uint32_t begin, uint32_t end, uint32_t& start, uint32_t& stop) {
    start = stop = 0;
    if (begin >= end || end > doc.tokens.size()) return;
    start = doc.tokens[begin].start;
    stop = doc.tokens[end - 1].end;
  };

  std::string& e = o.key("entities");
  e.push_back('[');
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    if (i) e.push_back(',');
    const Entity& ent = doc.entities[i];
    uint32_t start, stop;
    token_bytes(ent.begin, ent.end, start, stop);
    JsonObject eo(e);
    eo.integer("start", start);
    eo.integer("end", stop);
    eo.str("text", doc.span_text(ent.begin, ent.end));
    eo.str("type", entity_type_name(ent.type));
    eo.number("score", ent.score, 3);
    eo.close();
  }
  e.push_back(']');

  std::string& a = o.key("actors");
  a.push_back('[');
  for (size_t i = 0; i < doc.actors.size(); ++i) {
    if (i) a.push_back(',');
    const ActorMention& m = doc.actors[i];
    uint32_t start, stop;
    token_bytes(m.begin, m.end, start, stop);
    JsonObject ao(a);
    ao.integer("start", start);
    ao.integer("end", stop);
    ao.str("text", doc.span_text(m.begin, m.end));
    ao.str_or_null("code", m.code);
    ao.str_or_null("country", m.country);
    append_string_array(ao.key("sector"), m.sectors);
    ao.str_or_null("name", m.name);
    ao.close();
  }
  a.push_back(']');

  std::string& p = o.key("places");
  p.push_back('[');
  for (size_t i = 0; i < doc.places.size(); ++i) {
    if (i) p.push_back(',');
    append_place(p, doc.places[i], true);
  }
  p.push_back(']');

  std::string& ev = o.key("events");
  ev.push_back('[');
  std::vector<uint32_t> k = sentence_ordinals(doc);
  for (size_t i = 0; i < doc.events.size(); ++i) {
    if (i) ev.push_back(',');
    append_event(ev, doc, doc.events[i], k[i]);
  }
  ev.push_back(']');
  o.close();
  return out;
}

}  // namespace tacitus
