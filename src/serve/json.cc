#include "serve/json.h"

namespace tacitus::serve {

namespace {

void write_actor(JsonWriter& w, const std::string& code, const std::string& country,
                 const std::string& text) {
  if (code.empty() && text.empty()) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("code").nonempty_or_null(code);
  w.key("country").nonempty_or_null(country);
  w.member("text", text);
  w.end_object();
}

void write_mention(JsonWriter& w, const StoredMention& m) {
  w.begin_object();
  w.member("id", m.mention_id);
  w.member("doc_id", m.doc_id);
  w.member("source", m.doc_source);
  w.member("url", m.doc_url);
  w.member("title", m.doc_title);
  w.member("published", m.doc_date);
  w.member("sentence_index", m.sentence_index);
  w.member("sentence", m.sentence);
  w.key("trigger").begin_object();
  w.member("text", m.trigger).member("start", m.trigger_start).member("end", m.trigger_end);
  w.end_object();
  w.member("cameo", m.cameo);
  w.member("source_text", m.source_text);
  w.member("target_text", m.target_text);
  w.member("attribution", m.attribution);
  w.member("modality", m.modality);
  w.member("negated", m.negated);
  w.member("confidence", m.confidence);
  w.end_object();
}

}  // namespace

void write_event(JsonWriter& w, const StoredEvent& e) {
  w.begin_object();
  w.member("id", e.id);
  w.member("date", e.date);
  w.key("date_precision").nonempty_or_null(e.date_precision);
  w.member("cameo", e.cameo);
  w.member("cameo_root", e.cameo_root);
  w.member("quad_class", e.quad_class);
  w.member("goldstein", e.goldstein);
  w.key("plover");
  if (e.plover_event.empty()) {
    w.null();
  } else {
    w.begin_object().member("event", e.plover_event);
    w.key("mode").nonempty_or_null(e.plover_mode);
    w.end_object();
  }
  w.key("acled");
  if (e.acled_event_type.empty()) {
    w.null();
  } else {
    w.begin_object().member("event_type", e.acled_event_type);
    w.key("sub_event_type").nonempty_or_null(e.acled_sub_event_type);
    w.end_object();
  }
  w.key("source");
  write_actor(w, e.source_code, e.source_country, e.source_text);
  w.key("target");
  write_actor(w, e.target_code, e.target_country, e.target_text);
  w.key("location");
  if (e.lat) {
    w.begin_object();
    w.member("name", e.place_name).member("country", e.country).member("admin1", e.admin1);
    w.member("precision", e.precision).member("lat", *e.lat).member("lon", e.lon);
    w.end_object();
  } else {
    w.null();
  }
  w.member("fatalities", e.fatalities);
  w.member("num_mentions", e.num_mentions);
  w.member("num_sources", e.num_sources);
  w.member("num_articles", e.num_articles);
  w.member("summary", e.summary);
  if (!e.mentions.empty()) {
    w.key("mentions").begin_array();
    for (const auto& m : e.mentions) write_mention(w, m);
    w.end_array();
  }
  w.end_object();
}

std::string event_json(const StoredEvent& event) {
  std::string out;
  JsonWriter w(out);
  write_event(w, event);
  return out;
}

}  // namespace tacitus::serve
