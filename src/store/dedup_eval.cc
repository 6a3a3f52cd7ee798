// Measuring deduplication: wrong merges among distinct events, and merges of paraphrases.
#include <map>
#include <set>

#include "store/store_impl.h"

namespace tacitus {

Result<DedupEvaluation> evaluate_dedup(
    const std::vector<Document>& distinct,
    const std::vector<std::pair<std::string, Document>>& paraphrases, const DedupOptions& options) {
  StoreOptions so;
  so.dedup = options;
  auto opened = EventStore::open(":memory:", so);
  if (!opened.ok()) return opened.status();
  EventStore& store = **opened;
  DedupEvaluation out;
  TACITUS_RETURN_IF_ERROR(store.begin());
  for (const Document& doc : distinct) {
    auto r = store.add_document(doc);
    if (!r.ok()) return r.status();
    out.distinct_identical += r->documents_skipped;
  }
  for (const auto& [original, doc] : paraphrases) {
    auto r = store.add_document(doc);
    if (!r.ok()) return r.status();
  }
  TACITUS_RETURN_IF_ERROR(store.commit());

  // Which documents' mentions ended up in each stored event.
  auto& db = *store.impl()->db;
  auto st = db.prepare(
      "SELECT m.event_pk, d.doc_id, d.source FROM mentions m JOIN documents d USING(doc_pk)");
  if (!st.ok()) return st.status();
  std::map<int64_t, std::set<std::string>> docs_of_event;
  std::map<std::string, std::set<int64_t>> events_of_doc;
  while (st->step()) {
    // Paraphrase ids are kept apart from ACLED ids by their source (see the callers).
    std::string key = st->text(2) + "\x1f" + st->text(1);
    docs_of_event[st->int64(0)].insert(key);
    events_of_doc[key].insert(st->int64(0));
    ++out.mentions;
  }
  if (!st->status().ok()) return st->status();
  out.events = docs_of_event.size();
  auto key_of = [](const Document& d) { return d.source + "\x1f" + d.id; };
  std::set<std::string> distinct_keys;
  for (const Document& doc : distinct) distinct_keys.insert(key_of(doc));
  for (const Document& doc : distinct) {
    auto it = events_of_doc.find(key_of(doc));
    if (it == events_of_doc.end()) continue;
    ++out.distinct_documents;
    bool wrong = false;
    for (int64_t e : it->second)
      for (const auto& other : docs_of_event[e])
        wrong |= other != it->first && distinct_keys.count(other);
    out.distinct_wrongly_merged += wrong;
  }
  for (const auto& [original, doc] : paraphrases) {
    auto it = events_of_doc.find(key_of(doc));
    if (it == events_of_doc.end()) continue;
    ++out.paraphrase_documents;
    bool with_original = false, elsewhere = false;
    for (int64_t e : it->second)
      for (const auto& other : docs_of_event[e]) {
        if (other == it->first) continue;
        if (other.substr(other.find('\x1f') + 1) == original) with_original = true;
        else elsewhere = true;
      }
    out.paraphrase_merged += with_original;
    out.paraphrase_misplaced += !with_original && elsewhere;
  }
  return out;
}

}  // namespace tacitus
