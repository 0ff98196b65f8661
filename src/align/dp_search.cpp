#include "dp_search.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>
#include <thread>
#include <utility>

namespace tmkit::detail {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kNoShape = 0xFF;
// The margin reported when a cell has a single way in: large, but finite for the logistic.
constexpr double kNoRivalMargin = 50.0;

constexpr double kNotComputed = std::numeric_limits<double>::quiet_NaN();

}  // namespace

struct BandSearch::Best {
  double total = kInfinity;   // cheapest path cost into the cell
  double second = kInfinity;  // cheapest via a different last bead
  double bead_cost = 0.0;
  std::uint8_t shape = kNoShape;
};

BandSearch::BandSearch(const std::vector<BeadShape>& shapes,
                       std::vector<const BeadCostModel*> models, bool keep_costs)
    : shapes_(shapes),
      models_(std::move(models)),
      unmatched_fixed_(models_.front()->unmatched_by_counts()),
      keep_costs_(keep_costs) {
  for (const BeadShape& shape : shapes) {
    floors_.push_back(models_.front()->floor(shape.src, shape.tgt));
    const bool cached = keep_costs && shape.src > 0 && shape.tgt > 0;
    slot_.push_back(cached ? static_cast<std::uint8_t>(slots_++) : kNoShape);
  }
  fixed_.assign(shapes.size(), kNotComputed);
}

// Gives `row` the range [lo, hi], keeping the bead costs of the cells it had before.
void BandSearch::fit_row(Row& row, std::size_t lo, std::size_t hi) const {
  if (row.lo == lo && row.hi == hi) return;
  const std::size_t width = hi - lo + 1;
  std::vector<double> bead(width * slots_, kNotComputed);
  for (std::size_t j = std::max(lo, row.lo); j <= std::min(hi, row.hi); ++j) {
    std::copy_n(row.bead.begin() + static_cast<std::ptrdiff_t>((j - row.lo) * slots_), slots_,
                bead.begin() + static_cast<std::ptrdiff_t>((j - lo) * slots_));
  }
  row.bead = std::move(bead);
  row.total.assign(width, kInfinity);
  row.shape.assign(width, kNoShape);
  row.lo = lo;
  row.hi = hi;
}

// Tries every bead shape that ends at (i, j) and starts inside the band. floors_[s] bounds
// the cost of shape s from below: a candidate that cannot beat the runner-up is skipped
// without computing its cost (this halves the run time on long documents).
BandSearch::Best BandSearch::relax(std::size_t i, std::size_t j, const SearchBand& band) {
  Best best;
  for (std::size_t s = 0; s < shapes_.size(); ++s) {
    if (shapes_[s].src > i || shapes_[s].tgt > j) continue;
    const std::size_t pi = i - shapes_[s].src, pj = j - shapes_[s].tgt;
    if (!band.contains(pi, pj)) continue;
    const Row& from = rows_[pi];
    const double before = from.total[pj - from.lo];
    if (before + floors_[s] >= best.second) continue;
    double bead;
    if (slot_[s] == kNoShape && !std::isnan(fixed_[s])) {
      bead = fixed_[s];
    } else if (slot_[s] == kNoShape) {
      bead = models_.front()->cost({pi, i, pj, j});
      if (unmatched_fixed_ && (shapes_[s].src == 0 || shapes_[s].tgt == 0)) fixed_[s] = bead;
    } else {
      double& stored = rows_[i].bead[(j - rows_[i].lo) * slots_ + slot_[s]];
      if (std::isnan(stored)) stored = models_.front()->cost({pi, i, pj, j});
      bead = stored;
    }
    const double total = before + bead;
    if (total < best.total) {
      best.second = best.total;
      best = {total, best.second, bead, static_cast<std::uint8_t>(s)};
    } else if (total < best.second) {
      best.second = total;
    }
  }
  return best;
}

void BandSearch::relax_rows(const SearchBand& band, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    Row& row = rows_[i];
    for (std::size_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      if (i == 0 && j == 0) {
        row.total[0] = 0.0;
        continue;
      }
      const Best best = relax(i, j, band);
      row.total[j - row.lo] = best.total;
      row.shape[j - row.lo] = best.shape;
    }
  }
}

// Rows [first, n] in chunks: every thread takes the next chunk not yet taken and computes its
// missing costs, each with a model of its own; the calling thread also runs the DP over each
// chunk whose costs are complete, in order, whenever it can (so the DP overlaps the filling).
void BandSearch::fill_and_relax(const SearchBand& band, std::size_t first) {
  constexpr std::size_t kChunkRows = 64;
  const std::size_t n = band.lo.size() - 1;
  const std::size_t chunks = (n + 1 - first + kChunkRows - 1) / kChunkRows;
  auto chunk_begin = [&](std::size_t c) { return first + c * kChunkRows; };
  auto chunk_end = [&](std::size_t c) { return std::min(n + 1, first + (c + 1) * kChunkRows); };
  std::atomic<std::size_t> next{0};
  std::vector<std::atomic<bool>> filled(chunks);
  auto fill_next = [&](const BeadCostModel& model) {
    const std::size_t c = next.fetch_add(1);
    if (c >= chunks) return false;
    fill_rows(band, chunk_begin(c), chunk_end(c), model);
    filled[c].store(true, std::memory_order_release);
    return true;
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < models_.size(); ++t) {
    try {
      helpers.emplace_back([&, t] {
        while (fill_next(*models_[t])) {
        }
      });
    } catch (const std::system_error&) {
      break;  // no thread: the calling thread fills those chunks too
    }
  }
  for (std::size_t c = 0; c < chunks;) {
    if (filled[c].load(std::memory_order_acquire)) {
      relax_rows(band, chunk_begin(c), chunk_end(c));
      ++c;
    } else if (!fill_next(*models_.front())) {
      std::this_thread::yield();  // a helper is finishing chunk c
    }
  }
  for (std::thread& helper : helpers) helper.join();
}

void BandSearch::fill_rows(const SearchBand& band, std::size_t begin, std::size_t end,
                           const BeadCostModel& model) {
  for (std::size_t i = begin; i < end; ++i) {
    Row& row = rows_[i];
    for (std::size_t j = row.lo; j <= row.hi; ++j) {
      for (std::size_t s = 0; s < shapes_.size(); ++s) {
        if (slot_[s] == kNoShape || shapes_[s].src > i || shapes_[s].tgt > j) continue;
        const std::size_t pi = i - shapes_[s].src, pj = j - shapes_[s].tgt;
        if (!band.contains(pi, pj)) continue;
        double& stored = row.bead[(j - row.lo) * slots_ + slot_[s]];
        if (std::isnan(stored)) stored = model.cost({pi, i, pj, j});
      }
    }
  }
}

std::vector<PathStep> BandSearch::best_path(const SearchBand& band) {
  const std::size_t n = band.lo.size() - 1, m = band.hi.back();
  rows_.resize(n + 1);
  // Rows before the first changed one keep their cells: a cell depends only on earlier rows.
  std::size_t first = 0;
  while (first <= n && rows_[first].lo == band.lo[first] && rows_[first].hi == band.hi[first]) {
    ++first;
  }
  for (std::size_t i = first; i <= n; ++i) fit_row(rows_[i], band.lo[i], band.hi[i]);
  if (keep_costs_) {
    fill_and_relax(band, first);
  } else {
    relax_rows(band, first, n + 1);
  }
  // Walk back from (n, m); the margins are recomputed on the path only, not stored per cell.
  std::vector<PathStep> path;
  std::size_t i = n, j = m;
  while (i > 0 || j > 0) {
    const Best best = relax(i, j, band);
    const BeadShape shape = shapes_[best.shape];
    const double margin = std::min(best.second - best.total, kNoRivalMargin);
    path.push_back({{i - shape.src, i, j - shape.tgt, j}, best.bead_cost, margin});
    i -= shape.src;
    j -= shape.tgt;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<PathStep> best_path(const SearchBand& band, const std::vector<BeadShape>& shapes,
                                const BeadCostModel& model) {
  return BandSearch(shapes, {&model}, false).best_path(band);
}

std::vector<BeadShape> bead_shapes(std::size_t max_side) {
  std::vector<BeadShape> shapes = {{1, 0}, {0, 1}};
  for (std::size_t a = 1; a <= max_side; ++a) {
    for (std::size_t b = 1; b <= max_side; ++b) {
      if (a == 1 || b == 1 || (a <= 3 && b <= 3)) shapes.push_back({a, b});
    }
  }
  return shapes;
}

SearchBand SearchBand::full(std::size_t n, std::size_t m) {
  return {std::vector<std::size_t>(n + 1, 0), std::vector<std::size_t>(n + 1, m)};
}

std::size_t SearchBand::cells() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < lo.size(); ++i) total += hi[i] - lo[i] + 1;
  return total;
}

// Makes a band walkable: (0,0) and (n,m) inside, and each row reaching the next row's start, so
// 0-1 beads can walk over to it.
void connect_rows(SearchBand& band) {
  const std::size_t n = band.lo.size() - 1, m = band.hi.back();
  band.lo[0] = 0;
  band.hi[n] = m;
  for (std::size_t i = n; i > 0; --i) band.hi[i - 1] = std::max(band.hi[i - 1], band.lo[i]);
  for (std::size_t i = 1; i <= n; ++i) band.lo[i] = std::min(band.lo[i], band.hi[i]);
}

std::size_t diagonal_column(const std::vector<std::size_t>& src_prefix,
                            const std::vector<std::size_t>& tgt_prefix, std::size_t i) {
  const std::size_t n = src_prefix.size() - 1, m = tgt_prefix.size() - 1;
  const double src_total = static_cast<double>(src_prefix.back());
  const double tgt_total = static_cast<double>(tgt_prefix.back());
  if (src_total == 0.0 || tgt_total == 0.0) return n == 0 ? m : i * m / n;
  const double wanted = static_cast<double>(src_prefix[i]) / src_total * tgt_total;
  const auto it =
      std::lower_bound(tgt_prefix.begin(), tgt_prefix.end(), wanted,
                       [](std::size_t x, double w) { return static_cast<double>(x) < w; });
  return static_cast<std::size_t>(it - tgt_prefix.begin());
}

SearchBand band_through_points(const std::vector<BandPoint>& points,
                               const std::vector<std::size_t>& src_prefix,
                               const std::vector<std::size_t>& tgt_prefix, std::size_t radius) {
  const std::size_t n = src_prefix.size() - 1, m = tgt_prefix.size() - 1;
  std::vector<BandPoint> all{{0, 0}};
  for (const BandPoint& p : points) {
    if (p.src > all.back().src && p.tgt >= all.back().tgt && p.src < n && p.tgt <= m)
      all.push_back(p);
  }
  all.push_back({n, m});
  SearchBand band{std::vector<std::size_t>(n + 1, m), std::vector<std::size_t>(n + 1, 0)};
  for (std::size_t k = 0; k + 1 < all.size(); ++k) {
    const BandPoint a = all[k], b = all[k + 1];
    const std::size_t gap = std::max(b.src - a.src, b.tgt - a.tgt);
    const double r = static_cast<double>(radius + gap / 16);
    const double chars = static_cast<double>(src_prefix[b.src] - src_prefix[a.src]);
    for (std::size_t i = a.src; i <= b.src; ++i) {
      const double share = chars > 0
                               ? static_cast<double>(src_prefix[i] - src_prefix[a.src]) / chars
                               : static_cast<double>(i - a.src) /
                                     static_cast<double>(std::max<std::size_t>(1, b.src - a.src));
      const double center = static_cast<double>(a.tgt) + share * static_cast<double>(b.tgt - a.tgt);
      const double lo = std::max(0.0, center - r),
                   hi = std::min(static_cast<double>(m), center + r);
      band.lo[i] = std::min(band.lo[i], static_cast<std::size_t>(lo));
      band.hi[i] = std::max(band.hi[i], static_cast<std::size_t>(std::ceil(hi)));
    }
  }
  connect_rows(band);
  return band;
}

SearchBand band_around_path(const std::vector<PathStep>& path, std::size_t n, std::size_t m,
                            std::size_t radius) {
  SearchBand band{std::vector<std::size_t>(n + 1, m), std::vector<std::size_t>(n + 1, 0)};
  auto cover = [&](std::size_t i, std::size_t j) {
    band.lo[i] = std::min(band.lo[i], j > radius ? j - radius : 0);
    band.hi[i] = std::max(band.hi[i], std::min(m, j + radius));
  };
  cover(0, 0);
  for (const PathStep& step : path) {
    const BeadRange& b = step.bead;
    for (std::size_t i = b.src_begin; i <= b.src_end; ++i) {
      cover(i, b.tgt_begin);
      cover(i, b.tgt_end);
    }
  }
  connect_rows(band);
  return band;
}

std::vector<std::size_t> rows_at_edge(const std::vector<PathStep>& path, const SearchBand& band,
                                      std::size_t margin) {
  const std::size_t m = band.hi.back();
  std::vector<std::size_t> rows;
  for (const PathStep& step : path) {
    const std::size_t i = step.bead.src_end, j = step.bead.tgt_end;
    if ((band.lo[i] > 0 && j < band.lo[i] + margin) ||
        (band.hi[i] < m && j + margin > band.hi[i])) {
      rows.push_back(i);
    }
  }
  return rows;
}

void widen_rows(SearchBand& band, const std::vector<std::size_t>& rows, std::size_t extra) {
  const std::size_t n = band.lo.size() - 1, m = band.hi.back();
  std::vector<bool> widen(n + 1, false);
  for (std::size_t row : rows) {
    const std::size_t first = row > extra ? row - extra : 0, last = std::min(n, row + extra);
    for (std::size_t i = first; i <= last; ++i) widen[i] = true;
  }
  for (std::size_t i = 0; i <= n; ++i) {
    if (!widen[i]) continue;
    band.lo[i] = band.lo[i] > extra ? band.lo[i] - extra : 0;
    band.hi[i] = std::min(m, band.hi[i] + extra);
  }
  connect_rows(band);
}

}  // namespace tmkit::detail
