// The search: the cheapest sequence of beads from (0,0) to (n,m) by dynamic programming,
// restricted to a band of cells so long documents stay linear in time and memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bead_cost.hpp"

namespace tmkit::detail {

// A bead type: `src` source segments with `tgt` target segments.
struct BeadShape {
  std::size_t src = 0;
  std::size_t tgt = 0;
};

// 1-0, 0-1, and every a-b with 1 <= a,b <= max_side where a or b is 1, plus 2-2, 2-3, 3-2 and
// 3-3. Bigger many-to-many beads are rare and mostly mask errors.
std::vector<BeadShape> bead_shapes(std::size_t max_side);

// The DP cells that may be visited: for each source position i in [0, n], target positions
// lo[i]..hi[i] (inclusive). Memory is proportional to cells().
struct SearchBand {
  std::vector<std::size_t> lo, hi;

  static SearchBand full(std::size_t n, std::size_t m);
  bool contains(std::size_t i, std::size_t j) const { return j >= lo[i] && j <= hi[i]; }
  std::size_t cells() const;
};

// One bead of the best path, with what the confidence needs.
struct PathStep {
  BeadRange bead;
  double cost = 0.0;    // the bead's cost under the model
  double margin = 0.0;  // how much more the best path to the bead's end cell would cost if
                        // its last bead were any other (>= 0; large when there is no rival)
};

// The cheapest path through `band` (which must contain (0,0) and (n,m) and a path between
// them, as every band built here does since 1-0 and 0-1 beads are always allowed).
std::vector<PathStep> best_path(const SearchBand& band, const std::vector<BeadShape>& shapes,
                                const BeadCostModel& model);

// best_path for a search repeated on bands that grow (widen_rows): the DP cells of the rows
// before the first row whose range changed are kept, and so is every bead cost computed so far
// (a bead's cost does not depend on the band), so a repeat costs one DP pass over stored numbers
// plus the costs of the new cells. Gives exactly best_path's answer.
//
// With `keep_costs`, the costs of all cells are computed by one thread per model in `models`
// (equal models built from the same inputs; the first is used by the calling thread, which
// also runs the DP behind them). Memory: 9 bytes per cell, plus 8 per cell and shape with
// both sides non-empty when `keep_costs`. `shapes` and the models must outlive the search.
class BandSearch {
 public:
  BandSearch(const std::vector<BeadShape>& shapes, std::vector<const BeadCostModel*> models,
             bool keep_costs);
  std::vector<PathStep> best_path(const SearchBand& band);

 private:
  struct Row {
    std::size_t lo = 1, hi = 0;       // the row's range when its numbers were stored
    std::vector<double> total;        // cheapest path cost into each cell
    std::vector<std::uint8_t> shape;  // the last bead's shape of that path
    std::vector<double> bead;         // per cell, per cached shape; NaN until computed
  };
  struct Best;
  void fit_row(Row& row, std::size_t lo, std::size_t hi) const;
  void fill_and_relax(const SearchBand& band, std::size_t first);
  void relax_rows(const SearchBand& band, std::size_t begin, std::size_t end);
  void fill_rows(const SearchBand& band, std::size_t begin, std::size_t end,
                 const BeadCostModel& model);
  Best relax(std::size_t i, std::size_t j, const SearchBand& band);

  const std::vector<BeadShape>& shapes_;
  std::vector<const BeadCostModel*> models_;
  std::vector<double> floors_;
  std::vector<std::uint8_t> slot_;  // per shape: its index among the cached shapes, or 0xFF
  // Per shape with an empty side, its cost once known, when the model says it is the same for
  // every bead of the shape (BeadCostModel::unmatched_by_counts); NaN otherwise.
  std::vector<double> fixed_;
  bool unmatched_fixed_;
  std::size_t slots_ = 0;
  bool keep_costs_;
  std::vector<Row> rows_;
};

// The target position matching source position i on the length diagonal: where the target's
// share of characters equals the source's share before i. Falls back to sentence counts when
// a side has no characters at all.
std::size_t diagonal_column(const std::vector<std::size_t>& src_prefix,
                            const std::vector<std::size_t>& tgt_prefix, std::size_t i);

// A point the path is believed to pass through: after `src` source and `tgt` target segments.
struct BandPoint {
  std::size_t src = 0;
  std::size_t tgt = 0;
};

// A band through `points` (increasing in both coordinates): between two consecutive points,
// rows are centred on the line joining them (by source characters, so it follows sentence
// lengths) with half-width radius + gap / 16, where gap is the larger side of the stretch, so
// long stretches without a point get room to deviate. (0,0) and (n,m) are added.
SearchBand band_through_points(const std::vector<BandPoint>& points,
                               const std::vector<std::size_t>& src_prefix,
                               const std::vector<std::size_t>& tgt_prefix, std::size_t radius);

// The cells within `radius` target positions of a path, for a second pass around the first.
SearchBand band_around_path(const std::vector<PathStep>& path, std::size_t n, std::size_t m,
                            std::size_t radius);

// The source rows where `path` passes within `margin` cells of an edge of `band` that is not
// the edge of the whole table: there the band may have cut off a better path.
std::vector<std::size_t> rows_at_edge(const std::vector<PathStep>& path, const SearchBand& band,
                                      std::size_t margin);

// Widens the band by `extra` target positions on both sides in the rows within `extra` of
// each of `rows`, so a pass can be repeated where the last one ran along an edge without
// growing the band everywhere.
void widen_rows(SearchBand& band, const std::vector<std::size_t>& rows, std::size_t extra);

}  // namespace tmkit::detail
