/* The corridor search of pathfinder/ranking/search.py, compiled.
 *
 * corridor_search() there states what a path may be and how labels are kept; this file does the
 * same, layer by layer, with the same tie-breaking and the same order of the rows it returns, so
 * the two give identical answers (tests/test_search_kernel.py compares them on random networks).
 * It is built by pip when a C compiler is there; without it the numpy code runs.
 *
 * A label is a path from a source: its node, the nodes along it, its cost (sum of -log trust), its
 * tier (0: the person asked trusts the one asking), its introducer and its rank in the
 * lexicographic order of the paths' people by id (prank: node by node, each node's place in id
 * order, ``rank``), which breaks ties in cost.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

enum { IS_SOURCE = 1, IS_TARGET = 2, BLOCKED = 4, NOT_FIRST = 8, ONLY_FIRST = 16, INSIDE = 32 };
#define NO_PASS (IS_SOURCE | BLOCKED)

typedef struct { /* one extension of a label along an arc (node numbers fit 32 bits: the index's are int32) */
    double cost, rounded;
    int32_t node, group, intro, owner, prank;
    int8_t tier;
} Cand;

typedef struct {
    Cand *at;
    Py_ssize_t len, cap;
} Cands;

typedef struct {
    Py_ssize_t len, cap, width;
    int64_t *node, *intro, *prank, *paths;
    double *cost;
    int8_t *tier, *may_ask;
} Labels;

typedef struct {
    Py_ssize_t len, cap, width;
    double *cost;
    int64_t *hops, *intro, *paths;
    int8_t *tier;
} Found;

/* A scratch buffer reused from layer to layer (fresh memory costs a page fault per 4 KiB). */
typedef struct {
    void *p;
    size_t cap;
} Buf;

#define HUGE_PAGE ((size_t)2 << 20)

/* Memory for a large array, in huge pages where the system gives them on request (one page fault
 * per 2 MiB instead of per 4 KiB). */
static void *big_alloc(size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= HUGE_PAGE) {
        void *p = NULL;
        size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        if (posix_memalign(&p, HUGE_PAGE, rounded)) return NULL;
        madvise(p, rounded, MADV_HUGEPAGE);
        return p;
    }
#endif
    return malloc(bytes);
}

static void *need(Buf *b, size_t bytes) {
    if (bytes > b->cap) {
        free(b->p);
        b->cap = bytes + bytes / 2 + 4096;
        b->p = big_alloc(b->cap);
        if (!b->p) b->cap = 0;
    }
    return b->p;
}

static int grow(void **p, Py_ssize_t cap, size_t size) {
    void *q = realloc(*p, (size_t)(cap > 0 ? cap : 1) * size);
    if (!q) return -1;
    *p = q;
    return 0;
}

static int labels_reserve(Labels *l, Py_ssize_t need) {
    if (need <= l->cap) return 0;
    Py_ssize_t cap = need + need / 2 + 16;
    if (grow((void **)&l->node, cap, 8) || grow((void **)&l->intro, cap, 8) || grow((void **)&l->prank, cap, 8) ||
        grow((void **)&l->paths, cap * l->width, 8) || grow((void **)&l->cost, cap, 8) ||
        grow((void **)&l->tier, cap, 1) || grow((void **)&l->may_ask, cap, 1))
        return -1;
    l->cap = cap;
    return 0;
}

static void labels_free(Labels *l) {
    free(l->node); free(l->intro); free(l->prank); free(l->paths); free(l->cost); free(l->tier); free(l->may_ask);
}

static int found_add(Found *f, double cost, int64_t hops, int64_t intro, const int64_t *path, int8_t tier) {
    if (f->len == f->cap) {
        Py_ssize_t cap = f->cap * 2 + 64;
        if (grow((void **)&f->cost, cap, 8) || grow((void **)&f->hops, cap, 8) || grow((void **)&f->intro, cap, 8) ||
            grow((void **)&f->paths, cap * f->width, 8) || grow((void **)&f->tier, cap, 1))
            return -1;
        f->cap = cap;
    }
    Py_ssize_t i = f->len++;
    f->cost[i] = cost;
    f->hops[i] = hops;
    f->intro[i] = intro;
    memcpy(f->paths + i * f->width, path, (size_t)f->width * 8);
    f->tier[i] = tier;
    return 0;
}

/* Sort (key, value) pairs by key, least significant 14 bits first (stable); ``bits``: how many
 * low bits of the keys can be set. The spare arrays and the counts (128 KiB: not on the stack) are
 * the caller's, kept between calls. */
#define DIGIT 14
static int radix_sort(uint64_t *key, int64_t *val, Py_ssize_t n, int bits, Buf *spare_keys, Buf *spare_vals,
                      Buf *counts) {
    uint64_t *k2 = need(spare_keys, (size_t)(n + 1) * 8);
    int64_t *v2 = need(spare_vals, (size_t)(n + 1) * 8);
    Py_ssize_t *count = need(counts, sizeof(Py_ssize_t) << DIGIT);
    const uint64_t mask = (1 << DIGIT) - 1;
    if (!k2 || !v2 || !count) return -1;
    uint64_t *kin = key, *kout = k2, *kt;
    int64_t *vin = val, *vout = v2, *vt;
    for (int shift = 0; shift < bits; shift += DIGIT) { /* from one pair of arrays to the other and back */
        memset(count, 0, sizeof(Py_ssize_t) << DIGIT);
        for (Py_ssize_t i = 0; i < n; i++) count[(kin[i] >> shift) & mask]++;
        Py_ssize_t sum = 0;
        for (int d = 0; d <= (int)mask; d++) { Py_ssize_t c = count[d]; count[d] = sum; sum += c; }
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t at = count[(kin[i] >> shift) & mask]++;
            kout[at] = kin[i];
            vout[at] = vin[i];
        }
        kt = kin; kin = kout; kout = kt;
        vt = vin; vin = vout; vout = vt;
    }
    if (kin != key) {
        memcpy(key, kin, (size_t)n * 8);
        memcpy(val, vin, (size_t)n * 8);
    }
    return 0;
}

static int bits_for(uint64_t largest) {
    int bits = 0;
    while (bits < 64 && (largest >> bits)) bits++;
    return bits;
}

/* the order of a crowded node's labels, whose ``keep`` best stay: by tier, cost, then group */
/* a node's place in id order, which breaks ties: ``rank`` per node, or the node itself (NULL) */
static inline int64_t id_rank(const int32_t *rank, int64_t v) { return rank ? rank[v] : v; }

static inline int ranks_before(const Cand *a, const Cand *b, const int32_t *rank) {
    if (a->tier != b->tier) return a->tier < b->tier;
    if (a->rounded != b->rounded) return a->rounded < b->rounded;
    return id_rank(rank, a->group) < id_rank(rank, b->group);
}

/* insertion sort: a crowded node has tens of labels */
static void sort_by_rank(Cand *run, Py_ssize_t len, const int32_t *rank) {
    for (Py_ssize_t i = 1; i < len; i++) {
        Cand x = run[i];
        Py_ssize_t j = i;
        while (j > 0 && ranks_before(&x, &run[j - 1], rank)) { run[j] = run[j - 1]; j--; }
        run[j] = x;
    }
}

static int has_arc(const int64_t *rs, const int64_t *re, const int32_t *indices, int64_t u, int64_t v) {
    int64_t lo = rs[u], hi = re[u];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (indices[mid] < v) lo = mid + 1; else hi = mid;
    }
    return lo < re[u] && indices[lo] == v;
}

typedef struct {
    Py_ssize_t n, arcs;
    const int64_t *rs, *re;   /* node u's arcs are rs[u] .. re[u] - 1 */
    const int32_t *rank;      /* per node, its place in id order (ties are broken by it), or NULL: the node */
    const int32_t *indices;
    const double *arc_cost;
    const uint8_t *skip;      /* per arc, or NULL */
    const int8_t *first_tier; /* per arc, or NULL */
    int tier_of_band;         /* first_tier holds each arc's band: the tier is 1 where it is 0 (cold) */
    const double *target_cost;
    uint8_t *flag;
    int depth;            /* the hop distances known exactly: up to max(max_hops - 2, 0) */
    uint64_t *ball[8];    /* ball[d]: bit set for every node within d hops of a target (d <= depth) */
    uint64_t *tested, *reaches; /* one hop further, found when asked: asked yet, and the answer */
    uint64_t *near;       /* a source's neighbour */
    int64_t *reach;       /* the nodes of the balls, nearest first: ball[d] is reach[0:reach_end[d]] */
    Py_ssize_t reach_end[8];
    int32_t *slot;        /* scratch, all zero between uses: node -> 1 + its first label */
    uint64_t *held;       /* scratch, all zero between uses: the nodes holding labels */
    Buf key, pos, spare_keys, spare_vals, counts, sorted, chosen, ends;
    Cands cands;
    double *direct;       /* the strongest tie any source has to a neighbour (set for ``near`` nodes) */
    int max_hops, keep, per_source, through_targets, has_only_first;
    double max_first_cost;
    int bound_tier;       /* paths ranking below (bound_tier, bound_cost) are not wanted: see beyond() */
    double bound_cost;
} Search;

/* A path of this tier and cost (to 12 decimals) ranks below the bound: neither it nor anything
 * that goes on from it is wanted (costs only grow, and so does a tier: a teammate's, 0 on the
 * first tie, is set by their own tie on the second). */
static inline int beyond(const Search *s, int tier, double rounded) {
    return tier > s->bound_tier || (tier == s->bound_tier && rounded > s->bound_cost);
}

static inline int bit(const uint64_t *set, int64_t v) { return (int)((set[v >> 6] >> (v & 63)) & 1); }
static inline void set_bit(uint64_t *set, int64_t v) { set[v >> 6] |= (uint64_t)1 << (v & 63); }

/* A node leads on towards a target: a target, or anyone who may be passed through. */
static inline int passable(const Search *s, int64_t v) {
    return (s->flag[v] & IS_TARGET) || !(s->flag[v] & NO_PASS);
}

/* The balls around the targets, breadth first up to ``s->depth`` hops (search.py's hop_distance:
 * nodes that may not be passed are reached but not walked through; the targets themselves are). */
static int balls(Search *s, const int64_t *targets, Py_ssize_t nt) {
    int64_t *frontier = malloc((size_t)(s->n ? s->n : 1) * 8);
    if (!frontier) return -1;
    uint64_t *seen = s->ball[s->depth];
    Py_ssize_t nf = 0, nr = 0;
    for (Py_ssize_t i = 0; i < nt; i++) {
        if (!bit(seen, targets[i])) {
            for (int k = 0; k <= s->depth; k++) set_bit(s->ball[k], targets[i]);
            frontier[nf++] = s->reach[nr++] = targets[i];
        }
    }
    s->reach_end[0] = nr;
    for (int d = 1; d <= s->depth; d++) {
        Py_ssize_t nn = 0;
        for (Py_ssize_t i = 0; i < nf; i++) {
            int64_t u = frontier[i];
            for (int64_t a = s->rs[u]; a < s->re[u]; a++) {
                int32_t v = s->indices[a];
                if (!bit(seen, v)) {
                    for (int k = d; k <= s->depth; k++) set_bit(s->ball[k], v);
                    s->reach[nr++] = v;
                }
            }
        }
        for (Py_ssize_t k = s->reach_end[d - 1]; k < nr; k++) /* walked on from: all but no-pass people */
            if (!(s->flag[s->reach[k]] & NO_PASS)) frontier[nn++] = s->reach[k];
        nf = nn;
        s->reach_end[d] = nr;
    }
    free(frontier);
    return 0;
}

/* The ties of ``nodes`` people, reckoned at the network's mean degree (reading each one's would
 * cost a cache miss per person: this only chooses the quicker way, never the answer). */
static inline double ties_of(const Search *s, Py_ssize_t nodes) {
    return (double)nodes * (double)s->arcs / (double)(s->n ? s->n : 1);
}

/* The outer ball's neighbours who can reach a target through it, all at once: cheaper than asking
 * node by node when the outer ball's ties are fewer than the ties that would ask (``asking``). */
static void push_outer(Search *s, double asking) {
    if (ties_of(s, s->reach_end[s->depth]) > 4 * asking) return;
    for (Py_ssize_t k = 0; k < s->reach_end[s->depth]; k++) {
        int64_t w = s->reach[k];
        if (!passable(s, w)) continue;
        if (k + 8 < s->reach_end[s->depth]) __builtin_prefetch(&s->indices[s->rs[s->reach[k + 8]]]);
        for (int64_t a = s->rs[w]; a < s->re[w]; a++) set_bit(s->reaches, s->indices[a]);
    }
    memset(s->tested, 0xFF, (size_t)(s->n / 64 + 1) * 8);
}

/* Whether ``v`` is within ``within`` hops of a target; one hop beyond the exact balls it is
 * worked out on first asking: a neighbour in the outer ball who leads on. */
static int in_reach(Search *s, int64_t v, int within) {
    if (within <= s->depth) return bit(s->ball[within], v);
    if (bit(s->ball[s->depth], v)) return 1;
    if (!bit(s->tested, v)) {
        set_bit(s->tested, v);
        for (int64_t a = s->rs[v]; a < s->re[v]; a++) {
            int32_t w = s->indices[a];
            if (bit(s->ball[s->depth], w) && passable(s, w)) { set_bit(s->reaches, v); break; }
        }
    }
    return bit(s->reaches, v);
}

static inline double round12(double x) { return rint(x * 1e12) / 1e12; }

/* Whether a path may go on from a label's node to ``v`` along arc ``a`` at layer ``h``, before
 * looking at the labels themselves. */
static inline int step_ok(Search *s, int h, int within, int64_t a, int64_t v) {
    if (h > 1 && !bit(s->ball[within], v)) return 0; /* the common case: out of reach */
    uint8_t fv = s->flag[v];
    if (((fv & NO_PASS) && !(fv & IS_TARGET)) || (fv & IS_SOURCE)) return 0;
    if (s->skip && s->skip[a]) return 0;
    if (h == 1) {
        if (!(s->arc_cost[a] <= s->max_first_cost) && !(fv & IS_TARGET)) return 0;
        if ((fv & NOT_FIRST) && !(fv & IS_TARGET)) return 0;
        return in_reach(s, v, within);
    }
    return !((fv & ONLY_FIRST) && !(fv & IS_TARGET));
}

/* the tier of a path whose first tie is arc ``a`` */
static inline int8_t first_tier(const Search *s, int64_t a) {
    if (!s->first_tier) return 0;
    return s->tier_of_band ? (int8_t)(s->first_tier[a] == 0) : s->first_tier[a];
}

/* The labels ``i``..``j`` (all on node ``u``) extended along the arc ``a`` to ``v`` (or its twin:
 * the same trust, band and flags), those the route rules allow. */
static int extend(Search *s, int h, const Labels *cur, Py_ssize_t i, Py_ssize_t j, int64_t u, int64_t a,
                  int64_t v, Cands *out) {
    const Py_ssize_t width = cur->width;
    const double ac = s->arc_cost[a];
    const uint8_t fv = s->flag[v];
    for (Py_ssize_t o = i; o < j; o++) {
        const int64_t *path = cur->paths + o * width;
        double c = cur->cost[o] + ac;
        if (h >= 2) {
            if (bit(s->near, v)) { /* a source knows them: no detour, and never introduced to their own */
                if (!(s->direct[v] > c + 1e-12)) continue;
                if (h == 2 && has_arc(s->rs, s->re, s->indices, path[0], v)) continue;
            }
            if ((s->flag[u] & INSIDE) && !(fv & INSIDE)) continue;
            int again = 0;
            for (int col = 1; col < h - 1; col++) again |= path[col] == v;
            if (again) continue;
        }
        int8_t tier;
        if (h == 1) {
            tier = (fv & ONLY_FIRST) ? 0 : first_tier(s, a);
        } else {
            tier = cur->tier[o];
            if (h == 2 && s->has_only_first && s->first_tier && (s->flag[u] & ONLY_FIRST)) tier = first_tier(s, a);
        }
        const double rounded = round12(c);
        if (beyond(s, tier, rounded)) continue;
        if (out->len == out->cap) {
            Py_ssize_t cap = out->cap * 2 + 1024;
            Cand *more = realloc(out->at, cap * sizeof(Cand));
            if (!more) return -1;
            out->at = more;
            out->cap = cap;
        }
        Cand *x = &out->at[out->len++];
        x->node = (int32_t)v;
        x->owner = (int32_t)o;
        x->cost = c;
        x->rounded = rounded;
        x->prank = (int32_t)cur->prank[o];
        x->tier = tier;
        x->intro = (int32_t)(h == 1 ? v : cur->intro[o]);
        x->group = (int32_t)((s->per_source || h == 1) ? path[0] : x->intro);
    }
    return 0;
}

/* Every allowed extension of the labels, from whichever end has fewer ties to walk: the labels'
 * nodes forwards, or the nodes within reach backwards (looking up whose neighbours hold labels). */
static int extensions(Search *s, int h, const Labels *cur, Cands *out) {
    const int within = s->max_hops - h;
    Py_ssize_t runs = 0;
    for (Py_ssize_t i = 0; i < cur->len; i++) runs += i == 0 || cur->node[i] != cur->node[i - 1];
    double forward = ties_of(s, runs), backward = h > 1 ? ties_of(s, s->reach_end[within]) : forward;
    if (h == 1) { /* the sources: few, and far from the mean (the team knows many people) */
        forward = 0;
        for (Py_ssize_t i = 0; i < cur->len; i++) forward += (double)(s->re[cur->node[i]] - s->rs[cur->node[i]]);
        push_outer(s, forward);
    }
    if (h == 1 || forward <= backward) {
        Py_ssize_t ahead = 0; /* the label whose node's ties are fetched from memory ahead of use */
        for (Py_ssize_t i = 0; i < cur->len;) { /* labels on the same node are next to each other */
            int64_t u = cur->node[i];
            Py_ssize_t j = i;
            while (j < cur->len && cur->node[j] == u) j++;
            for (; ahead < cur->len && ahead < j + 16; ahead++) {
                __builtin_prefetch(&s->indices[s->rs[cur->node[ahead]]]);
                __builtin_prefetch(&s->arc_cost[s->rs[cur->node[ahead]]]);
            }
            for (int64_t a = s->rs[u]; a < s->re[u]; a++) {
                int64_t v = s->indices[a];
                if (h == 1 && a + 16 < s->re[u]) __builtin_prefetch(&s->rs[s->indices[a + 16]]);
                if (step_ok(s, h, within, a, v) && extend(s, h, cur, i, j, u, a, v, out)) return -1;
            }
            i = j;
        }
        return 0;
    }
    /* backwards: node -> 1 + the first of its labels, and where each run of labels ends */
    Py_ssize_t *ends = need(&s->ends, (size_t)(cur->len + 1) * sizeof(Py_ssize_t));
    if (!ends) return -1;
    for (Py_ssize_t i = cur->len - 1; i >= 0; i--) {
        ends[i] = (i + 1 < cur->len && cur->node[i + 1] == cur->node[i]) ? ends[i + 1] : i + 1;
        if (i == 0 || cur->node[i] != cur->node[i - 1]) {
            s->slot[cur->node[i]] = (int32_t)(i + 1);
            set_bit(s->held, cur->node[i]);
        }
    }
    int failed = 0;
    for (Py_ssize_t k = 0; k < s->reach_end[within] && !failed; k++) {
        int64_t v = s->reach[k];
        if (k + 8 < s->reach_end[within]) __builtin_prefetch(&s->indices[s->rs[s->reach[k + 8]]]);
        for (int64_t a = s->rs[v]; a < s->re[v] && !failed; a++) {
            int64_t u = s->indices[a];
            if (!bit(s->held, u) || !step_ok(s, h, within, a, v)) continue;
            Py_ssize_t i = s->slot[u] - 1;
            failed = extend(s, h, cur, i, ends[i], u, a, v, out);
        }
    }
    for (Py_ssize_t i = 0; i < cur->len; i++) {
        s->slot[cur->node[i]] = 0;
        s->held[cur->node[i] >> 6] = 0;
    }
    return failed;
}

/* One layer: every allowed extension of the labels ``cur`` (h >= 1), deduplicated and cut to
 * ``keep`` per node, into ``out`` in the order the numpy code produces them. */
static int layer(Search *s, int h, Labels *cur, Labels *out, Found *found) {
    const Py_ssize_t width = cur->width, n = s->n;
    s->cands.len = 0;
    if (extensions(s, h, cur, &s->cands)) return -1;
    const Cand *cand = s->cands.at;
    Py_ssize_t nc = s->cands.len;
    /* by (node, group, tier) ascending; per such key only the best label (by cost, then path order) */
    uint64_t *key = need(&s->key, (size_t)(nc + 1) * 8);
    int64_t *pos = need(&s->pos, (size_t)(nc + 1) * 8);
    Cand *sorted = need(&s->sorted, (size_t)(nc + 1) * sizeof(Cand));
    if (!key || !pos || !sorted) return -1;
    const int nb = bits_for((uint64_t)n);
    for (Py_ssize_t c = 0; c < nc; c++) {
        key[c] = (((uint64_t)cand[c].node << nb | (uint64_t)cand[c].group) << 1) | (uint64_t)cand[c].tier;
        pos[c] = c;
    }
    if (radix_sort(key, pos, nc, 2 * nb + 1, &s->spare_keys, &s->spare_vals, &s->counts)) return -1;
    Py_ssize_t nd = 0;
    for (Py_ssize_t a = 0; a < nc;) {
        Py_ssize_t b = a, best = pos[a];
        while (++b < nc && key[b] == key[a]) {
            const Cand *x = &cand[pos[b]], *y = &cand[best];
            if (x->rounded < y->rounded || (x->rounded == y->rounded && x->prank < y->prank)) best = pos[b];
        }
        sorted[nd++] = cand[best];
        a = b;
    }
    /* per node, where more than ``keep`` remain, the ``keep`` best. Uncrowded nodes come first in
     * the output, crowded ones after (as in numpy). */
    int64_t *crowded = pos; /* reused: starts of the crowded nodes' runs, and their lengths */
    Py_ssize_t ncrowded = 0, m = 0;
    Cand *chosen = need(&s->chosen, (size_t)(nd + 1) * sizeof(Cand));
    out->len = 0;
    if (!chosen || labels_reserve(out, nd)) return -1;
    for (Py_ssize_t a = 0; a < nd;) {
        Py_ssize_t b = a;
        while (b < nd && sorted[b].node == sorted[a].node) b++;
        if (b - a > s->keep) {
            crowded[2 * ncrowded] = a;
            crowded[2 * ncrowded + 1] = b - a;
            ncrowded++;
        } else {
            for (Py_ssize_t r = a; r < b; r++) chosen[m++] = sorted[r];
        }
        a = b;
    }
    /* the uncrowded nodes' labels are in ``chosen``; then each crowded node's best */
    for (Py_ssize_t k = 0; k < ncrowded; k++) {
        Cand *run = sorted + crowded[2 * k];
        sort_by_rank(run, crowded[2 * k + 1], s->rank);
        for (int r = 0; r < s->keep; r++) chosen[m++] = run[r];
    }
    for (Py_ssize_t r = 0; r < m; r++) {
        Cand *x = &chosen[r];
        memcpy(out->paths + r * width, cur->paths + x->owner * width, (size_t)width * 8);
        out->paths[r * width + h] = x->node;
        out->node[r] = x->node;
        out->cost[r] = x->cost;
        out->tier[r] = x->tier;
        out->intro[r] = x->intro;
        out->may_ask[r] = 1;
        if (h == 1) /* a target known only weakly (or resting) is a direct route, never an introducer */
            out->may_ask[r] = x->cost <= s->max_first_cost && !(s->flag[x->node] & NOT_FIRST);
        if (s->flag[x->node] & IS_TARGET) {
            double end = x->cost + (s->target_cost ? s->target_cost[x->node] : 0.0);
            if (!beyond(s, x->tier, round12(end)) && found_add(found, end, h, x->intro, out->paths + r * width, x->tier))
                return -1;
        }
    }
    out->len = m;
    /* the next layer's path order: by the parent's rank, then the node */
    if (h < s->max_hops && m) {
        int bits = bits_for((uint64_t)n);
        int64_t top = 0;
        for (Py_ssize_t r = 0; r < m; r++) if (chosen[r].prank > top) top = chosen[r].prank;
        for (Py_ssize_t r = 0; r < m; r++) {
            key[r] = ((uint64_t)chosen[r].prank << bits) | (uint64_t)id_rank(s->rank, chosen[r].node);
            pos[r] = r;
        }
        if (radix_sort(key, pos, m, bits + bits_for((uint64_t)top), &s->spare_keys, &s->spare_vals, &s->counts)) return -1;
        for (Py_ssize_t r = 0; r < m; r++) out->prank[pos[r]] = r;
    }
    return 0;
}

/* keep the labels that may lead on from layer h - 1 (h >= 2) */
static void alive(Search *s, int h, Labels *l) {
    Py_ssize_t w = 0, width = l->width;
    for (Py_ssize_t r = 0; r < l->len; r++) {
        int64_t u = l->node[r];
        uint8_t f = s->flag[u];
        int ok = !(f & NO_PASS); /* (within reach it is: it was checked on its way in) */
        if (h == 2) ok = ok && l->may_ask[r];
        else if (!s->through_targets) ok = ok && !(f & IS_TARGET);
        if (!ok) continue;
        if (w != r) {
            l->node[w] = l->node[r]; l->intro[w] = l->intro[r]; l->prank[w] = l->prank[r];
            l->cost[w] = l->cost[r]; l->tier[w] = l->tier[r]; l->may_ask[w] = l->may_ask[r];
            memcpy(l->paths + w * width, l->paths + r * width, (size_t)width * 8);
        }
        w++;
    }
    l->len = w;
}

static void mark(uint8_t *flag, const Py_buffer *mask, Py_ssize_t n, uint8_t bit) {
    if (mask->len != n) return; /* none given (the lengths are checked before) */
    const uint8_t *m = mask->buf;
    for (Py_ssize_t i = 0; i < n; i++) flag[i] |= m[i] ? bit : 0;
}

static PyObject *as_bytes(const void *p, Py_ssize_t len) {
    return PyByteArray_FromStringAndSize(len ? (const char *)p : "", len);
}

/* What is wrong with the arguments of a search (NULL: nothing): arrays that do not fit together,
 * or nodes out of range, would have the search read or write outside them. */
static const char *arguments_wrong(Py_buffer *starts, Py_buffer *ends, Py_buffer *ranks, Py_buffer *indices,
                                   Py_buffer *cost, Py_buffer *sources, Py_buffer *targets, Py_buffer *skip,
                                   Py_buffer *tier, Py_buffer *tcost, int max_hops, int keep) {
    if (max_hops < 1 || max_hops > 8 || keep < 1) return "max_hops must be 1 to 8 and keep at least 1";
    if (starts->len % 8 || indices->len % 4 || sources->len % 8 || targets->len % 8 || ranks->len % 4)
        return "arrays of the wrong type";
    Py_ssize_t n = starts->len / 8, arcs = indices->len / 4;
    if (ends->len != starts->len || (ranks->len && ranks->len != n * 4) || cost->len != arcs * 8 ||
        (skip->len && skip->len != arcs) || (tier->len && tier->len != arcs) || (tcost->len && tcost->len != n * 8))
        return "the index arrays do not fit together";
    /* (each row within the arcs is the index's own check, well_formed(), when it is loaded: a
     * pass over every row here would cost each search a pass over the network) */
    const int64_t *src = sources->buf, *tgt = targets->buf;
    for (Py_ssize_t i = 0; i < sources->len / 8; i++) if (src[i] < 0 || src[i] >= n) return "a source out of range";
    for (Py_ssize_t i = 0; i < targets->len / 8; i++) if (tgt[i] < 0 || tgt[i] >= n) return "a target out of range";
    return NULL;
}

PyDoc_STRVAR(search_doc, "search(starts, ends, ranks, indices, cost, sources, targets, blocked, not_first, "
             "only_first, inside, skip_arcs, first_tier, target_cost, max_hops, keep, max_first_cost, per_source, through_targets, "
             "tier_of_band=False, bound_tier=127, bound_cost=inf)\n"
             "The corridor search; node u's arcs are starts[u]:ends[u]; ranks: each node's place in id order "
             "(empty: the node numbers are in id order); arrays are buffers (empty for none); with tier_of_band, first_tier holds each "
             "arc's band and the tier is 1 where it is 0; paths ranking below (bound_tier, bound_cost) are left "
             "out. Returns (rows, cost, hops, intro, paths, "
             "tier) as bytearrays.");

/* Everything a search allocates, kept from one search to the next (fresh memory costs a page
 * fault per 4 KiB: at a million people that was a good part of a search) while it stays under
 * KEPT_BYTES; a search that finds it in use (another thread) works in one of its own. */
typedef struct {
    Search s;
    Labels cur, next;
    Found found;
    Py_ssize_t n;  /* the nodes the per-node arrays are sized for (-1: none yet) */
} Workspace;

#define KEPT_BYTES ((size_t)256 << 20)
static Workspace kept = {.n = -1};
static int kept_in_use = 0;

static void workspace_free(Workspace *w) {
    Search *s = &w->s;
    labels_free(&w->cur); labels_free(&w->next);
    free(w->found.cost); free(w->found.hops); free(w->found.intro); free(w->found.paths); free(w->found.tier);
    free(s->flag); free(s->direct); free(s->tested); free(s->reaches); free(s->near); free(s->reach); free(s->slot);
    free(s->held);
    free(s->key.p); free(s->pos.p); free(s->spare_keys.p); free(s->spare_vals.p); free(s->sorted.p); free(s->chosen.p);
    free(s->ends.p); free(s->counts.p); free(s->cands.at);
    for (int k = 0; k < 8; k++) free(s->ball[k]);
    memset(w, 0, sizeof(*w));
    w->n = -1;
}

static size_t workspace_bytes(const Workspace *w) {
    const Search *s = &w->s;
    size_t per_label = 8 * 3 + 8 + 2 + (size_t)w->cur.width * 8;
    return (size_t)(w->n + 1) * 26 + s->key.cap + s->pos.cap + s->spare_keys.cap + s->spare_vals.cap + s->sorted.cap +
           s->chosen.cap + s->ends.cap + s->counts.cap + (size_t)s->cands.cap * sizeof(Cand) + (size_t)(w->cur.cap + w->next.cap) * per_label +
           (size_t)w->found.cap * (25 + (size_t)w->found.width * 8);
}

/* Ready for a search of ``n`` nodes and paths ``width`` nodes long: what must start zero is zero. */
static int workspace_ready(Workspace *w, Py_ssize_t n, Py_ssize_t width, int depth) {
    Search *s = &w->s;
    if (w->n != n) { /* other per-node arrays */
        free(s->flag); free(s->direct); free(s->tested); free(s->reaches); free(s->near); free(s->reach);
        free(s->slot); free(s->held);
        for (int k = 0; k < 8; k++) free(s->ball[k]);
        s->flag = NULL; s->direct = NULL; s->tested = s->reaches = s->near = s->held = NULL;
        s->reach = NULL; s->slot = NULL;
        memset(s->ball, 0, sizeof(s->ball));
        w->n = n;
    }
    if (w->cur.width != width) { /* other path lengths */
        labels_free(&w->cur); labels_free(&w->next);
        free(w->found.cost); free(w->found.hops); free(w->found.intro); free(w->found.paths); free(w->found.tier);
        memset(&w->cur, 0, sizeof(Labels)); memset(&w->next, 0, sizeof(Labels)); memset(&w->found, 0, sizeof(Found));
        w->cur.width = w->next.width = w->found.width = width;
    }
    w->cur.len = w->next.len = w->found.len = 0;
    size_t words = (size_t)(n / 64 + 1);
    uint64_t **zeroed[] = {&s->tested, &s->reaches, &s->near, &s->held};
    for (size_t k = 0; k < sizeof(zeroed) / sizeof(zeroed[0]); k++) {
        if (*zeroed[k]) memset(*zeroed[k], 0, words * 8);
        else if (!(*zeroed[k] = calloc(words, 8))) return -1;
    }
    for (int k = 0; k <= depth; k++) {
        if (s->ball[k]) memset(s->ball[k], 0, words * 8);
        else if (!(s->ball[k] = calloc(words, 8))) return -1;
    }
    if (s->flag) memset(s->flag, 0, (size_t)(n ? n : 1));
    else if (!(s->flag = calloc((size_t)(n ? n : 1), 1))) return -1;
    if (!s->direct && !(s->direct = malloc((size_t)(n ? n : 1) * 8))) return -1;
    if (!s->reach && !(s->reach = malloc((size_t)(n + 1) * 8))) return -1;
    if (!s->slot && !(s->slot = calloc((size_t)(n + 1), 4))) return -1; /* zero again after each use */
    return 0;
}

static PyObject *search(PyObject *self, PyObject *args) {
    Py_buffer starts, ends, ranks, indices, cost, sources, targets, blocked, not_first, only_first, inside, skip, tier,
        tcost;
    int max_hops, keep, per_source, through_targets, tier_of_band = 0, bound_tier = 127;
    double max_first_cost, bound_cost = INFINITY;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*y*y*y*y*y*y*y*iidpp|pid", &starts, &ends, &ranks, &indices, &cost,
                          &sources, &targets,
                          &blocked, &not_first, &only_first, &inside, &skip, &tier, &tcost, &max_hops, &keep,
                          &max_first_cost, &per_source, &through_targets, &tier_of_band, &bound_tier, &bound_cost))
        return NULL;
    Py_buffer *all[] = {&starts, &ends, &ranks, &indices, &cost, &sources, &targets, &blocked, &not_first, &only_first, &inside,
                        &skip, &tier, &tcost};
    PyObject *result = NULL;
    const char *wrong = arguments_wrong(&starts, &ends, &ranks, &indices, &cost, &sources, &targets, &skip, &tier, &tcost,
                                        max_hops, keep);
    Py_buffer *masks[] = {&blocked, &not_first, &only_first, &inside};
    for (int k = 0; k < 4 && !wrong; k++)
        if (masks[k]->len && masks[k]->len != starts.len / 8) wrong = "a mask of the wrong length";
    if (wrong) {
        PyErr_Format(PyExc_ValueError, "corridor search: %s", wrong);
        for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) PyBuffer_Release(all[k]);
        return NULL;
    }
    /* the kept workspace, unless another thread has it (decided holding the GIL: no race) */
    Workspace own = {.n = -1}, *w = kept_in_use ? &own : &kept;
    if (w == &kept) kept_in_use = 1;
    Search *s = &w->s;
    Py_ssize_t n = starts.len / 8, width = max_hops + 1, ns = sources.len / 8, nt = targets.len / 8;
    int depth = max_hops >= 2 ? max_hops - 2 : 0;
    int failed = workspace_ready(w, n, width, depth);
    s->n = n;
    s->arcs = indices.len / 4;
    s->rs = starts.buf;
    s->re = ends.buf;
    s->rank = ranks.len ? ranks.buf : NULL;
    s->indices = indices.buf;
    s->arc_cost = cost.buf;
    s->skip = skip.len ? skip.buf : NULL;
    s->first_tier = tier.len ? tier.buf : NULL;
    s->tier_of_band = tier_of_band;
    s->target_cost = tcost.len ? tcost.buf : NULL;
    s->max_hops = max_hops;
    s->keep = keep;
    s->per_source = per_source;
    s->through_targets = through_targets;
    s->has_only_first = only_first.len > 0;
    s->max_first_cost = max_first_cost;
    s->bound_tier = bound_tier;
    s->bound_cost = bound_cost;
    s->depth = depth;
    Labels *cur = &w->cur, *next = &w->next;
    Found *found = &w->found;
    const int64_t *src = sources.buf, *tgt = targets.buf;
    if (!failed) {
        for (Py_ssize_t i = 0; i < ns; i++) s->flag[src[i]] |= IS_SOURCE;
        for (Py_ssize_t i = 0; i < nt; i++) s->flag[tgt[i]] |= IS_TARGET;
        mark(s->flag, &blocked, n, BLOCKED);
        mark(s->flag, &not_first, n, NOT_FIRST);
        mark(s->flag, &only_first, n, ONLY_FIRST);
        mark(s->flag, &inside, n, INSIDE);
    }
    Py_BEGIN_ALLOW_THREADS
    if (!failed) failed = balls(s, tgt, nt);
    if (!failed) {
        for (Py_ssize_t i = 0; i < ns; i++)
            for (int64_t a = s->rs[src[i]]; a < s->re[src[i]]; a++) {
                int32_t v = s->indices[a];
                if (!bit(s->near, v)) { set_bit(s->near, v); s->direct[v] = INFINITY; }
                if (s->arc_cost[a] < s->direct[v]) s->direct[v] = s->arc_cost[a];
            }
        failed = labels_reserve(cur, ns);
    }
    if (!failed) {
        for (Py_ssize_t i = 0; i < ns; i++) {
            cur->node[i] = src[i];
            cur->cost[i] = 0.0;
            cur->tier[i] = 0;
            cur->intro[i] = -1;
            cur->prank[i] = i;
            cur->may_ask[i] = 1;
            for (Py_ssize_t c = 0; c < width; c++) cur->paths[i * width + c] = c ? -1 : src[i];
        }
        cur->len = ns;
        for (int h = 1; h <= max_hops && !failed; h++) {
            if (h > 1) alive(s, h, cur);
            if (cur->len == 0) break;
            failed = layer(s, h, cur, next, found);
            Labels *t = cur; cur = next; next = t;
        }
    }
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_NoMemory();
    } else {
        result = Py_BuildValue("(nNNNNN)", found->len, as_bytes(found->cost, found->len * 8),
                               as_bytes(found->hops, found->len * 8), as_bytes(found->intro, found->len * 8),
                               as_bytes(found->paths, found->len * width * 8), as_bytes(found->tier, found->len));
    }
    if (w == &kept) {
        if (failed || workspace_bytes(w) > KEPT_BYTES) workspace_free(w); /* a failed search may leave slot dirty */
        kept_in_use = 0;
    } else {
        workspace_free(w);
    }
    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) PyBuffer_Release(all[k]);
    return result;
}

/* a double's bits, as an unsigned key that sorts in the same order */
static inline uint64_t sortable(double x) {
    uint64_t b;
    x += 0.0; /* -0.0 is 0.0 */
    memcpy(&b, &x, 8);
    return (b >> 63) ? ~b : b | ((uint64_t)1 << 63);
}

typedef struct {
    const int64_t *hops, *paths;
    Py_ssize_t width;
} Rows;

static int rows_before(const Rows *r, int64_t a, int64_t b) { /* by hops, then the nodes along the path */
    if (r->hops[a] != r->hops[b]) return r->hops[a] < r->hops[b];
    for (Py_ssize_t c = 0; c < r->width; c++) {
        int64_t x = r->paths[a * r->width + c], y = r->paths[b * r->width + c];
        if (x != y) return x < y;
    }
    return 0;
}

/* sort ``order[0:n]`` by rows_before, stably (a merge sort; ``tmp`` holds n entries) */
static void sort_rows(const Rows *r, int64_t *order, int64_t *tmp, Py_ssize_t n) {
    if (n < 16) {
        for (Py_ssize_t i = 1; i < n; i++) {
            int64_t x = order[i];
            Py_ssize_t j = i;
            while (j > 0 && rows_before(r, x, order[j - 1])) { order[j] = order[j - 1]; j--; }
            order[j] = x;
        }
        return;
    }
    Py_ssize_t half = n / 2, i = 0, j = half, k = 0;
    sort_rows(r, order, tmp, half);
    sort_rows(r, order + half, tmp, n - half);
    while (i < half && j < n) tmp[k++] = rows_before(r, order[j], order[i]) ? order[j++] : order[i++];
    while (i < half) tmp[k++] = order[i++];
    while (j < n) tmp[k++] = order[j++];
    memcpy(order, tmp, (size_t)n * 8);
}

PyDoc_STRVAR(rank_doc, "rank(cost, tier, hops, paths, width)\n"
             "search.py's ranked(): row order by tier, cost to 12 decimals, hops, then the nodes along the path. "
             "Returns the order as a bytearray of int64.");

static PyObject *rank(PyObject *self, PyObject *args) {
    Py_buffer cost, tier, hops, paths;
    Py_ssize_t width;
    if (!PyArg_ParseTuple(args, "y*y*y*y*n", &cost, &tier, &hops, &paths, &width)) return NULL;
    Py_ssize_t n = cost.len / 8;
    PyObject *result = NULL;
    uint64_t *key = malloc((size_t)(n + 1) * 8);
    int64_t *order = malloc((size_t)(n + 1) * 8);
    Buf spare_keys = {0}, spare_vals = {0}, counts = {0};
    int failed = !key || !order || width < 1 || tier.len != n || hops.len != n * 8 || paths.len != n * width * 8;
    if (!failed) {
        Py_BEGIN_ALLOW_THREADS
        const double *c = cost.buf;
        const int8_t *t = tier.buf;
        for (Py_ssize_t i = 0; i < n; i++) { key[i] = sortable(rint(c[i] * 1e12) / 1e12); order[i] = i; }
        failed = radix_sort(key, order, n, 64, &spare_keys, &spare_vals, &counts);
        if (!failed) { /* then by tier, keeping that order */
            for (Py_ssize_t i = 0; i < n; i++) key[i] = (uint64_t)(t[order[i]] + 128);
            failed = radix_sort(key, order, n, 8, &spare_keys, &spare_vals, &counts);
        }
        if (!failed) { /* equal tier and cost: by hops and path (insertion sort: such runs are short) */
            Rows r = {hops.buf, paths.buf, width};
            int64_t *tmp = (int64_t *)key; /* the tier keys are not needed past the run boundaries */
            for (Py_ssize_t a = 0; a < n;) {
                Py_ssize_t b = a + 1;
                while (b < n && t[order[b]] == t[order[a]] && rint(c[order[b]] * 1e12) == rint(c[order[a]] * 1e12)) b++;
                if (b - a > 1) sort_rows(&r, order + a, tmp + a, b - a);
                a = b;
            }
        }
        Py_END_ALLOW_THREADS
    }
    if (failed) PyErr_SetString(PyExc_MemoryError, "rank: out of memory or arrays of different lengths");
    else result = as_bytes(order, n * 8);
    free(key); free(order); free(spare_keys.p); free(spare_vals.p); free(counts.p);
    PyBuffer_Release(&cost); PyBuffer_Release(&tier); PyBuffer_Release(&hops); PyBuffer_Release(&paths);
    return result;
}

static PyMethodDef methods[] = {{"search", search, METH_VARARGS, search_doc}, {"rank", rank, METH_VARARGS, rank_doc},
                                {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_corridor", "The corridor search, compiled.", -1, methods};

PyMODINIT_FUNC PyInit__corridor(void) { return PyModule_Create(&module); }
