#include "serve/json.h"

namespace tacitus::serve {

namespace {

using nlohmann::json;

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json nonempty_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json actor_json(const std::string& code, const std::string& country, const std::string& text) {
  if (code.empty() && text.empty()) return nullptr;
  return json{{"code", nonempty_or_null(code)},
              {"country", nonempty_or_null(country)},
              {"text", text}};
}

}  // namespace

json event_json(const StoredEvent& e) {
  json j{{"id", e.id},
         {"date", or_null(e.date)},
         {"date_precision", nonempty_or_null(e.date_precision)},
         {"cameo", e.cameo},
         {"cameo_root", e.cameo_root},
         {"quad_class", e.quad_class},
         {"goldstein", e.goldstein},
         {"plover", e.plover_event.empty()
                        ? json(nullptr)
                        : json{{"event", e.plover_event}, {"mode", nonempty_or_null(e.plover_mode)}}},
         {"acled", e.acled_event_type.empty()
                       ? json(nullptr)
                       : json{{"event_type", e.acled_event_type},
                              {"sub_event_type", nonempty_or_null(e.acled_sub_event_type)}}},
         {"source", actor_json(e.source_code, e.source_country, e.source_text)},
         {"target", actor_json(e.target_code, e.target_country, e.target_text)},
         {"location", e.lat ? json{{"name", or_null(e.place_name)},
                                   {"country", or_null(e.country)},
                                   {"admin1", or_null(e.admin1)},
                                   {"precision", or_null(e.precision)},
                                   {"lat", *e.lat},
                                   {"lon", or_null(e.lon)}}
                            : json(nullptr)},
         {"fatalities", or_null(e.fatalities)},
         {"num_mentions", e.num_mentions},
         {"num_sources", e.num_sources},
         {"num_articles", e.num_articles},
         {"summary", e.summary}};
  if (!e.mentions.empty()) {
    json ms = json::array();
    for (const auto& m : e.mentions) {
      ms.push_back(json{{"id", m.mention_id},
                        {"doc_id", m.doc_id},
                        {"source", m.doc_source},
                        {"url", m.doc_url},
                        {"title", m.doc_title},
                        {"published", or_null(m.doc_date)},
                        {"sentence_index", m.sentence_index},
                        {"sentence", m.sentence},
                        {"trigger", {{"text", m.trigger}, {"start", m.trigger_start},
                                     {"end", m.trigger_end}}},
                        {"cameo", m.cameo},
                        {"source_text", m.source_text},
                        {"target_text", m.target_text},
                        {"attribution", or_null(m.attribution)},
                        {"modality", m.modality},
                        {"negated", m.negated},
                        {"confidence", m.confidence}});
    }
    j["mentions"] = std::move(ms);
  }
  return j;
}

}  // namespace tacitus::serve
