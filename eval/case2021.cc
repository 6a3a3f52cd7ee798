// `tacitus eval case2021`: CASE 2021 task 2 (fine-grained socio-political event types). Each
// snippet is coded; its best event is mapped to one of the task's 30 labels.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "eval_internal.h"

namespace tacitus {

using eval_internal::lower;

namespace {

// ACLED sub-event type -> CASE label (the task's 25 ACLED-derived labels).
const std::map<std::string, std::string, std::less<>> kSubEventLabels = {
    {"Armed clash", "ARMED_CLASH"},
    {"Government regains territory", "GOV_REGAINS_TERIT"},
    {"Non-state actor overtakes territory", "NON_STATE_ACTOR_OVERTAKES_TER"},
    {"Chemical weapon", "CHEM_WEAP"},
    {"Air/drone strike", "AIR_STRIKE"},
    {"Suicide bomb", "SUIC_BOMB"},
    {"Shelling/artillery/missile attack", "ART_MISS_ATTACK"},
    {"Remote explosive/landmine/IED", "REM_EXPLOS"},
    {"Grenade", "GRENADE"},
    {"Sexual violence", "SEX_VIOL"},
    {"Attack", "ATTACK"},
    {"Abduction/forced disappearance", "ABDUCT_DISSAP"},
    {"Peaceful protest", "PEACE_PROTEST"},
    {"Protest with intervention", "PROTEST_WITH_INTER"},
    {"Excessive force against protesters", "FORCE_AGAINST_PROTEST"},
    {"Violent demonstration", "VIOL_DEMONSTR"},
    {"Mob violence", "MOB_VIOL"},
    {"Agreement", "AGREEMENT"},
    {"Arrests", "ARREST"},
    {"Change to group/activity", "CHANGE_TO_GROUP_ACT"},
    {"Disrupted weapons use", "DISR_WEAP"},
    {"Headquarters or base established", "HQ_ESTABLISHED"},
    {"Looting/property destruction", "PROPERTY_DISTRUCT"},
    {"Non-violent transfer of territory", "NON_VIOL_TERRIT_TRANSFER"},
    {"Other", "OTHER"},
};

bool has_sector(const std::optional<EventActor>& a, std::string_view sector) {
  return a && std::find(a->sectors.begin(), a->sectors.end(), sector) != a->sectors.end();
}

}  // namespace

std::string case2021_label(const Event* e) {
  if (!e) return "NONE";
  if (!e->acled_sub_event_type.empty()) {
    auto it = kSubEventLabels.find(e->acled_sub_event_type);
    if (it != kSubEventLabels.end()) return it->second;
  }
  // Claims of responsibility and blame: CAMEO 112 (accuse) or a "claim" trigger.
  std::string trigger = lower(e->trigger.text);
  if (e->cameo.rfind("112", 0) == 0 || trigger.find("claim") != std::string::npos ||
      trigger.find("blam") != std::string::npos)
    return "ATTRIB";
  if (has_sector(e->source, "CRM")) return "ORG_CRIME";
  if (!e->acled_event_type.empty()) return "OTHER";
  return "DIPLO";
}

Result<EvalReport> evaluate_case2021(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, "data/case2021-task2", "case2021");
  if (!path.ok()) return path.status();
  std::string file = *path;
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) file += "/test_set_final_release_with_labels.tsv";
  auto text = read_file(file);
  if (!text.ok()) return text.status();

  std::vector<Document> docs;
  std::vector<std::string> gold;
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);  // header: id, EventSnippet, SubType
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t t1 = line.find('\t'), t2 = line.rfind('\t');
    if (t1 == std::string::npos || t2 == t1) continue;
    Document d;
    d.id = line.substr(0, t1);
    d.text = line.substr(t1 + 1, t2 - t1 - 1);
    docs.push_back(std::move(d));
    gold.push_back(eval_internal::trim(line.substr(t2 + 1)));
    if (options.limit && docs.size() >= options.limit) break;
  }
  std::vector<std::string> texts;
  if (options.verbose)
    for (const auto& d : docs) texts.push_back(d.text);
  // Every item is one event report: let the typer report the event the rules miss.
  EvalOptions reports = options;
  reports.pipeline.reports_are_events = true;
  auto seconds = eval_internal::code_documents(reports, docs);
  if (!seconds.ok()) return seconds.status();

  std::set<std::string> labels(gold.begin(), gold.end());
  std::map<std::string, size_t> tp, fp, fn;
  size_t right = 0, found = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Event* e = best_event(docs[i]);
    if (e) ++found;
    std::string predicted = case2021_label(e);
    if (predicted == gold[i]) {
      ++right;
      ++tp[predicted];
    } else {
      ++fp[predicted];
      ++fn[gold[i]];
      if (options.verbose && options.log)
        *options.log << docs[i].id << "\tgold " << gold[i] << "\tours " << predicted << "\t"
                     << texts[i].substr(0, 160) << "\n";
    }
  }
  // Macro-F1 over the gold label set, as the task scored it.
  double f1_sum = 0;
  EvalReport report;
  std::vector<std::pair<std::string, double>> per_label;
  for (const auto& l : labels) {
    double p = tp[l] + fp[l] ? static_cast<double>(tp[l]) / (tp[l] + fp[l]) : 0;
    double r = tp[l] + fn[l] ? static_cast<double>(tp[l]) / (tp[l] + fn[l]) : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    f1_sum += f1;
    per_label.emplace_back(l, f1);
  }
  report.set = "case2021";
  report.data_path = file;
  report.items = docs.size();
  report.seconds = *seconds;
  report.add_ratio("found any event", found, docs.size());
  report.add_ratio("accuracy", right, docs.size());
  report.add_value("macro-F1", labels.empty() ? 0 : f1_sum / labels.size());
  for (const auto& [l, f1] : per_label) report.add_value("  F1 " + l, f1);
  return report;
}

}  // namespace tacitus
