// torch.sort(lengths, descending=True) on CPU, indices included: ATen sorts (value, index) pairs
// with std::sort (not stable) and the comparator a > b. libstdc++'s std::sort is an introsort:
// median-of-three quicksort down to runs of 16, heapsort when the depth limit 2·floor(log2 n) is
// spent, then one insertion sort. Ported step for step, because equal lengths of more than 16
// sequences come out in an order only the same algorithm reproduces (and sorted_indices shows it).

const THRESHOLD = 16;

/** The permutation torch.sort(values, descending=True) returns (its values are values[perm[i]]). */
export function sortDescending(values: readonly bigint[]): { values: bigint[]; indices: number[] } {
  const v = [...values];
  const ix = v.map((_, i) => i);
  const n = v.length;
  const swap = (a: number, b: number): void => {
    [v[a], v[b]] = [v[b], v[a]];
    [ix[a], ix[b]] = [ix[b], ix[a]];
  };
  const before = (a: number, b: number): boolean => v[a] > v[b]; // comp(*a, *b)

  // Moves the element at i left to its place; nothing to its left is smaller than it (guard below).
  const linearInsert = (i: number): void => {
    const val = v[i], id = ix[i];
    let j = i;
    while (val > v[j - 1]) {
      v[j] = v[j - 1];
      ix[j] = ix[j - 1];
      j--;
    }
    v[j] = val;
    ix[j] = id;
  };
  const insertionSort = (first: number, last: number): void => {
    for (let i = first + 1; i < last; i++) {
      if (before(i, first)) {
        const val = v[i], id = ix[i];
        for (let j = i; j > first; j--) {
          v[j] = v[j - 1];
          ix[j] = ix[j - 1];
        }
        v[first] = val;
        ix[first] = id;
      } else {
        linearInsert(i);
      }
    }
  };

  // Heapsort over [first, last): __make_heap then __sort_heap, with libstdc++'s hole-moving sift.
  const adjustHeap = (first: number, hole: number, len: number, val: bigint, id: number): void => {
    const top = hole;
    let child = hole;
    while (child < Math.floor((len - 1) / 2)) {
      child = 2 * (child + 1);
      if (v[first + child] > v[first + child - 1]) child--;
      v[first + hole] = v[first + child];
      ix[first + hole] = ix[first + child];
      hole = child;
    }
    if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
      child = 2 * (child + 1);
      v[first + hole] = v[first + child - 1];
      ix[first + hole] = ix[first + child - 1];
      hole = child - 1;
    }
    let parent = Math.floor((hole - 1) / 2);
    while (hole > top && v[first + parent] > val) {
      v[first + hole] = v[first + parent];
      ix[first + hole] = ix[first + parent];
      hole = parent;
      parent = Math.floor((hole - 1) / 2);
    }
    v[first + hole] = val;
    ix[first + hole] = id;
  };
  const heapSort = (first: number, last: number): void => {
    const len = last - first;
    if (len >= 2) {
      for (let parent = Math.floor((len - 2) / 2); parent >= 0; parent--) adjustHeap(first, parent, len, v[first + parent], ix[first + parent]);
    }
    for (let end = last - 1; end - first >= 1; end--) {
      const val = v[end], id = ix[end];
      v[end] = v[first];
      ix[end] = ix[first];
      adjustHeap(first, 0, end - first, val, id);
    }
  };

  const moveMedianToFirst = (result: number, a: number, b: number, c: number): void => {
    if (before(a, b)) {
      if (before(b, c)) swap(result, b);
      else if (before(a, c)) swap(result, c);
      else swap(result, a);
    } else if (before(a, c)) swap(result, a);
    else if (before(b, c)) swap(result, c);
    else swap(result, b);
  };
  const partition = (first: number, last: number, pivot: number): number => {
    for (;;) {
      while (before(first, pivot)) first++;
      last--;
      while (before(pivot, last)) last--;
      if (!(first < last)) return first;
      swap(first, last);
      first++;
    }
  };
  const introsortLoop = (first: number, last: number, depth: number): void => {
    while (last - first > THRESHOLD) {
      if (depth === 0) {
        heapSort(first, last);
        return;
      }
      depth--;
      const mid = first + Math.floor((last - first) / 2);
      moveMedianToFirst(first, first + 1, mid, last - 1);
      const cut = partition(first + 1, last, first);
      introsortLoop(cut, last, depth);
      last = cut;
    }
  };

  if (n > 1) {
    introsortLoop(0, n, 2 * (31 - Math.clz32(n))); // 2 * std::__lg(n)
    if (n > THRESHOLD) {
      insertionSort(0, THRESHOLD);
      for (let i = THRESHOLD; i < n; i++) linearInsert(i);
    } else {
      insertionSort(0, n);
    }
  }
  return { values: v, indices: ix };
}
