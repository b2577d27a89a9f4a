// Evaluation of perfgate's change-point detectors against human judgement:
// every series of the annotated collections under the data folder (TCPD and
// Mozilla's performance series, /work/shared/data/cpd/README.md), each
// detector with its default settings, scored as METRICS.md defines (mean F1
// with a margin of 5, mean cover), with the "zero" detector (reports nothing)
// as the baseline. Results: docs/changepoints.md.
//
//   changepoint_eval [DATA_FOLDER] [--sweep]
//
// DATA_FOLDER defaults to ../shared/data/cpd relative to the repository root.
// --sweep adds rows for other settings (how the defaults were chosen).
// Missing points (null) are skipped by the detectors, indices count them; a
// series with several dimensions is analysed in its first (the output says
// how many there were).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/file_text.hpp"
#include "model/series_file.hpp"
#include "stats/changepoint_detect.hpp"
#include "stats/changepoint_score.hpp"

namespace {

namespace fs = std::filesystem;
using namespace perfgate;

struct Series {
  std::string name;
  std::vector<double> values;
  std::vector<stats::ChangePointList> annotators;
  bool multi_dimensional = false;
};

struct Collection {
  std::string name;
  std::vector<Series> series;
};

Collection read_collection(const fs::path& folder) {
  Collection c;
  c.name = folder.filename().string();
  const nlohmann::json annotations =
      nlohmann::json::parse(read_file_text((folder / "annotations.json").string()));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".json" && e.path().filename() != "annotations.json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    Series s;
    s.name = f.stem().string();
    const SeriesFile file = read_series_file(f.string());
    s.values = file.values;
    s.multi_dimensional = !file.notes.empty();
    if (!annotations.contains(s.name)) {
      std::fprintf(stderr, "%s: no annotations for %s, skipped\n", folder.c_str(), s.name.c_str());
      continue;
    }
    for (const auto& [annotator, points] : annotations[s.name].items())
      s.annotators.push_back(points.get<stats::ChangePointList>());
    c.series.push_back(std::move(s));
  }
  return c;
}

using Detector = std::function<stats::ChangePointList(const std::vector<double>&)>;

struct Row {
  std::string name;
  Detector detect;
};

stats::ChangePointList strong_points(const stats::ChangePointResult& r) {
  stats::ChangePointList out;
  for (const auto& cp : r.change_points)
    if (cp.strong) out.push_back(cp.index);
  return out;
}

Detector with(stats::DetectOptions o) {
  return [o](const std::vector<double>& v) {
    return strong_points(stats::detect_change_points(v, o));
  };
}

struct Totals {
  double f1 = 0, cover = 0, seconds = 0;
  std::size_t series = 0;
};

}  // namespace

int main(int argc, char** argv) {
  fs::path data = fs::path(PERFGATE_SOURCE_DIR) / ".." / "shared" / "data" / "cpd";
  bool sweep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--sweep")
      sweep = true;
    else
      data = arg;
  }
  data = fs::weakly_canonical(data);

  std::vector<Row> rows;
  rows.push_back({"zero", [](const std::vector<double>&) { return stats::ChangePointList{}; }});
  stats::DetectOptions ed;
  rows.push_back({"edivisive", with(ed)});
  stats::DetectOptions pe;
  pe.method = stats::ChangePointMethod::pelt;
  rows.push_back({"pelt", with(pe)});
  if (sweep) {
    for (double p : {1e-5, 1e-4, 1e-3, 1e-2})
      for (std::size_t w : {30, 50, 100})
        for (std::size_t m : {3, 5}) {
          stats::DetectOptions o;
          o.edivisive.max_p_value = p;
          o.edivisive.weak_p_value = 10 * p;
          o.edivisive.window = w;
          o.edivisive.min_segment = m;
          char name[64];
          std::snprintf(name, sizeof name, "edivisive p%.0e w%zu m%zu", p, w, m);
          rows.push_back({name, with(o)});
        }
    for (double f : {2.0, 4.0, 8.0, 16.0, 32.0})
      for (std::size_t m : {3, 5, 10}) {
        stats::DetectOptions o;
        o.method = stats::ChangePointMethod::pelt;
        o.pelt.penalty_factor = f;
        o.pelt.min_segment = m;
        char name[64];
        std::snprintf(name, sizeof name, "pelt penalty %.0f m%zu", f, m);
        rows.push_back({name, with(o)});
      }
  }

  std::vector<Collection> collections;
  for (const char* name : {"tcpd", "mozilla"}) {
    if (!fs::exists(data / name / "annotations.json")) {
      std::fprintf(stderr, "%s: no %s/annotations.json; give the data folder as the argument\n",
                   data.c_str(), name);
      return 2;
    }
    collections.push_back(read_collection(data / name));
  }

  std::printf("change-point evaluation: %s\n", data.c_str());
  std::printf(
      "F1: margin 5, precision against the union of annotators, recall averaged over them;"
      " cover: mean over annotators (METRICS.md)\n");
  for (const Collection& c : collections) {
    std::size_t multi = 0;
    for (const Series& s : c.series) multi += s.multi_dimensional;
    std::printf("%s: %zu series, %zu multi-dimensional (first dimension analysed)\n",
                c.name.c_str(), c.series.size(), multi);
  }
  std::printf("\n%-26s %-9s %7s %8s %8s %14s\n", "detector", "data", "series", "mean F1", "cover",
              "ms per series");
  for (const Row& row : rows) {
    Totals all;
    for (const Collection& c : collections) {
      Totals t;
      for (const Series& s : c.series) {
        const auto start = std::chrono::steady_clock::now();
        const stats::ChangePointList found = row.detect(s.values);
        t.seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const stats::ChangePointScore score =
            stats::score_change_points(s.annotators, found, s.values.size());
        t.f1 += score.f1;
        t.cover += score.cover;
        ++t.series;
      }
      std::printf("%-26s %-9s %7zu %8.3f %8.3f %14.2f\n", row.name.c_str(), c.name.c_str(),
                  t.series, t.f1 / t.series, t.cover / t.series, 1e3 * t.seconds / t.series);
      all.f1 += t.f1;
      all.cover += t.cover;
      all.seconds += t.seconds;
      all.series += t.series;
    }
    std::printf("%-26s %-9s %7zu %8.3f %8.3f %14.2f\n", row.name.c_str(), "overall", all.series,
                all.f1 / all.series, all.cover / all.series, 1e3 * all.seconds / all.series);
  }
  return 0;
}
