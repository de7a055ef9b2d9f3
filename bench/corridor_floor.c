/* The C floor of a hop-bounded corridor scan (bench/search_speed.py compiles and calls it).

   Given the graph as CSR arrays, each node's hop distance to the nearest target (int8, from a
   backwards breadth-first search), and the sources, it finds per node the lowest cost of a path
   of at most max_hops arcs from a source, keeping only nodes from which a target is still within
   the hops left: a best-cost-per-node Bellman-Ford, layer by layer, inside the corridor. One core,
   no route rules, one label per node: what no search of that corridor can go below.

   Returns the number of arcs looked at (-1 if memory ran out); best[] gets the costs (INFINITY
   where no such path reaches). */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int64_t corridor_scan(int64_t nodes, const int64_t *indptr, const int32_t *indices, const double *cost,
                      const int8_t *dist, const int64_t *sources, int64_t n_sources, int32_t max_hops,
                      double *best)
{
    int64_t *frontier = malloc((size_t)nodes * sizeof *frontier);
    int64_t *next = malloc((size_t)nodes * sizeof *next);
    double *start_cost = malloc((size_t)nodes * sizeof *start_cost);
    int32_t *added = calloc((size_t)nodes, sizeof *added); /* the layer a node last joined the next frontier */
    int64_t arcs = 0, size = 0;
    if (!frontier || !next || !start_cost || !added) {
        arcs = -1;
        goto done;
    }
    for (int64_t v = 0; v < nodes; v++)
        best[v] = INFINITY;
    for (int64_t i = 0; i < n_sources; i++) {
        best[sources[i]] = 0.0;
        frontier[size++] = sources[i];
    }
    for (int32_t hop = 1; hop <= max_hops && size > 0; hop++) {
        int64_t next_size = 0;
        /* costs as the layer starts: a node lowered during this layer leads on only in the next */
        for (int64_t i = 0; i < size; i++)
            start_cost[i] = best[frontier[i]];
        for (int64_t i = 0; i < size; i++) {
            int64_t u = frontier[i];
            double here = start_cost[i];
            for (int64_t a = indptr[u]; a < indptr[u + 1]; a++) {
                int32_t v = indices[a];
                if (dist[v] > max_hops - hop)
                    continue;
                double c = here + cost[a];
                if (c < best[v]) { /* sources cost 0 and arc costs are >= 0: they never come back */
                    best[v] = c;
                    if (added[v] != hop) {
                        added[v] = hop;
                        next[next_size++] = v;
                    }
                }
            }
            arcs += indptr[u + 1] - indptr[u];
        }
        int64_t *swap = frontier;
        frontier = next;
        next = swap;
        size = next_size;
    }
done:
    free(frontier);
    free(next);
    free(start_cost);
    free(added);
    return arcs;
}
