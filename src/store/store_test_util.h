// Hand-built coded documents for the store's tests (the store is tested without the pipeline).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "tacitus/document.h"

namespace tacitus::store_testing {

struct EventSpec {
  std::string cameo = "190";
  std::string source = "SYRMIL", target = "SYRREB";
  std::optional<std::string> date = "2020-05-03";
  std::optional<std::pair<double, double>> where = std::make_pair(36.2, 37.15);  // Aleppo
  std::string country = "SY";
  std::optional<int> fatalities;
  std::string attribution;
};

// A document with one sentence per spec, each holding one event whose trigger is "fought".
inline Document make_document(const std::string& id, const std::string& source,
                              const std::vector<EventSpec>& specs) {
  Document doc;
  doc.id = id;
  doc.source = source;
  doc.date = "2020-05-04";
  for (size_t i = 0; i < specs.size(); ++i) {
    const EventSpec& s = specs[i];
    std::string sentence = "In " + id + ", the army fought rebels near Aleppo (" +
                           std::to_string(i) + ").";
    Sentence sent;
    sent.start = static_cast<uint32_t>(doc.text.size());
    doc.text += sentence;
    sent.stop = static_cast<uint32_t>(doc.text.size());
    doc.text += ' ';
    doc.sentences.push_back(sent);
    Event ev;
    ev.sentence_index = static_cast<uint32_t>(i);
    size_t at = sentence.find("fought");
    ev.trigger = {"fought", static_cast<uint32_t>(sent.start + at),
                  static_cast<uint32_t>(sent.start + at + 6)};
    ev.cameo = s.cameo;
    ev.cameo_root = s.cameo.substr(0, 2);
    ev.quad_class = 4;
    ev.goldstein = -10;
    ev.plover_event = "ASSAULT";
    ev.acled_event_type = "Battles";
    if (!s.source.empty()) ev.source = EventActor{{"the army", 0, 0}, s.source, s.source.substr(0, 3), {}};
    if (!s.target.empty()) ev.target = EventActor{{"rebels", 0, 0}, s.target, s.target.substr(0, 3), {}};
    ev.date = s.date;
    if (s.date) ev.date_precision = "day";
    if (s.where) {
      Place p;
      p.text = "Aleppo";
      p.name = "Aleppo";
      p.lat = s.where->first;
      p.lon = s.where->second;
      p.country = s.country;
      ev.location = p;
    }
    ev.fatalities = s.fatalities;
    if (!s.attribution.empty()) {
      ev.attribution = TextSpan{s.attribution, 0, 0};
      ev.modality = Modality::kReported;
    }
    ev.confidence = 0.9;
    doc.events.push_back(ev);
  }
  return doc;
}

// A fresh temporary directory removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tacitus-store-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace tacitus::store_testing
