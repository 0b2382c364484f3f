#pragma once
// An ordered set whose copies share their elements (issue #15 item 7: configuration at scale).
//
// A configuration is copied whole many times: the candidate from running after each commit, the
// before and after of each of the 100 commit points kept, the dataplane's snapshot. With a million
// static routes each copy of a std::set was a million allocations. Here a copy is one reference
// count: the set is a treap of reference-counted nodes, and an edit copies only the nodes on the
// path to the element it changes (path copying), and none when the set holds them alone.
//
// The shape of the tree depends only on the keys it holds, not on the order they came in: a
// node's heap priority is a hash of its key (ties broken by the order). So two sets holding the
// same elements have the same shape, and equality compares them node by node, skipping every
// subtree they share: the candidate compared with running for the prompt's `*`, after an edit of
// one route among a million, looks at a few dozen nodes.
//
// Less orders the elements; two elements neither orders are the same key (one element per key).
// Hash hashes an element's key: elements of the same key must hash alike. Reference counts are
// atomic: the dataplane may drop its snapshot on another thread while the shell copies the set.
// Elements are immutable once inserted; insert_or_assign replaces one.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <utility>
#include <vector>

namespace vrsh::model {

template <typename T, typename Less, typename Hash>
class PersistentSet {
  struct Node;

  // An owning, reference-counted pointer to a node.
  class Ptr {
   public:
    Ptr() = default;
    explicit Ptr(Node* n) : n_(n) {}
    Ptr(const Ptr& o) : n_(o.n_) {
      if (n_ != nullptr) n_->refs.fetch_add(1, std::memory_order_relaxed);
    }
    Ptr(Ptr&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
    Ptr& operator=(Ptr o) noexcept {
      std::swap(n_, o.n_);
      return *this;
    }
    ~Ptr() {
      if (n_ != nullptr && n_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete n_;
    }
    Node* get() const { return n_; }
    Node* operator->() const { return n_; }
    explicit operator bool() const { return n_ != nullptr; }

   private:
    Node* n_ = nullptr;
  };

  struct Node {
    std::atomic<std::uint32_t> refs{1};
    std::uint64_t priority = 0;
    Ptr left, right;
    T value;
    Node(T v, std::uint64_t p) : priority(p), value(std::move(v)) {}
    Node(const Node& o) : priority(o.priority), left(o.left), right(o.right), value(o.value) {}
  };

 public:
  using value_type = T;
  using size_type = std::size_t;

  // In order; holds the path from the root (nodes are shared, so they have no parent pointer).
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    reference operator*() const { return path_.back()->value; }
    pointer operator->() const { return &path_.back()->value; }
    const_iterator& operator++() {
      if (const Node* r = path_.back()->right.get()) {
        descend_left(r);
        return *this;
      }
      // Up to the first ancestor whose left subtree this was.
      for (;;) {
        const Node* child = path_.back();
        path_.pop_back();
        if (path_.empty() || path_.back()->left.get() == child) break;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const const_iterator& o) const {
      return path_.empty() ? o.path_.empty() : !o.path_.empty() && path_.back() == o.path_.back();
    }

   private:
    friend class PersistentSet;
    void descend_left(const Node* n) {
      for (; n != nullptr; n = n->left.get()) path_.push_back(n);
    }
    std::vector<const Node*> path_;  // from the root to the current node; empty at the end
  };
  using iterator = const_iterator;

  PersistentSet() = default;
  PersistentSet(std::initializer_list<T> init) {
    for (const T& v : init) insert(v);
  }
  template <typename It>
  PersistentSet(It first, It last) {
    for (; first != last; ++first) insert(*first);
  }

  size_type size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const_iterator begin() const {
    const_iterator it;
    it.path_.reserve(48);
    it.descend_left(root_.get());
    return it;
  }
  const_iterator end() const { return {}; }

  // The first element not ordered before `key`.
  const_iterator lower_bound(const T& key) const {
    const_iterator it;
    it.path_.reserve(48);
    std::size_t keep = 0;  // path length up to the best candidate so far
    for (const Node* n = root_.get(); n != nullptr;) {
      it.path_.push_back(n);
      if (less_(n->value, key)) {
        n = n->right.get();
      } else {
        keep = it.path_.size();
        n = n->left.get();
      }
    }
    it.path_.resize(keep);  // the path to the best candidate is a prefix of the search path
    return it;
  }
  const_iterator find(const T& key) const {
    const_iterator it = lower_bound(key);
    if (it != end() && less_(key, *it)) return end();
    return it;
  }
  // The element of `key`'s key, or nullptr; no iterator.
  const T* find_ptr(const T& key) const {
    for (const Node* n = root_.get(); n != nullptr;) {
      if (less_(key, n->value))
        n = n->left.get();
      else if (less_(n->value, key))
        n = n->right.get();
      else
        return &n->value;
    }
    return nullptr;
  }
  size_type count(const T& key) const { return find_ptr(key) != nullptr ? 1 : 0; }

  // Adds `v` unless its key is there (std::set::insert); true when added.
  bool insert(T v) {
    if (find_ptr(v) != nullptr) return false;
    const std::uint64_t p = hash_(v);
    insert_at(root_, std::move(v), p);
    ++size_;
    return true;
  }
  // Adds `v`, or replaces the element of its key. Nothing is copied when that element already
  // equals `v`, so typing a configured route again keeps the set shared.
  void insert_or_assign(T v) {
    if (const T* old = find_ptr(v)) {
      if (*old == v) return;
      Node* n = unique_path_to(v);
      n->value = std::move(v);
      return;
    }
    insert(std::move(v));
  }
  // Removes the element of `key`'s key; how many (0 or 1).
  size_type erase(const T& key) {
    if (find_ptr(key) == nullptr) return 0;
    erase_at(root_, key);
    --size_;
    return 1;
  }
  // Removes the element at `pos`; the iterator to the one after it.
  const_iterator erase(const_iterator pos) {
    const T key = *pos;
    erase(key);
    return lower_bound(key);
  }
  void clear() {
    root_ = Ptr();
    size_ = 0;
  }

  friend bool operator==(const PersistentSet& a, const PersistentSet& b) {
    return a.size_ == b.size_ && same(a.root_.get(), b.root_.get());
  }

 private:
  // Heap order: the higher priority nearer the root; equal priorities by element order, so the
  // shape is a function of the keys alone.
  bool above(const Node* a, const Node* b) const {
    return a->priority != b->priority ? a->priority > b->priority : less_(a->value, b->value);
  }

  // The node `p` points to, copied first when another tree shares it.
  static Node* unique(Ptr& p) {
    if (p->refs.load(std::memory_order_acquire) != 1) p = Ptr(new Node(*p.get()));
    return p.get();
  }

  static bool same(const Node* a, const Node* b) {
    if (a == b) return true;
    if (a == nullptr || b == nullptr) return false;
    return a->priority == b->priority && a->value == b->value && same(a->left.get(), b->left.get()) &&
           same(a->right.get(), b->right.get());
  }

  static void rotate_right(Ptr& p) {  // p's left child becomes the subtree's root
    Ptr l = std::move(p->left);
    p->left = std::move(l->right);
    l->right = std::move(p);
    p = std::move(l);
  }
  static void rotate_left(Ptr& p) {
    Ptr r = std::move(p->right);
    p->right = std::move(r->left);
    r->left = std::move(p);
    p = std::move(r);
  }

  // `v`'s key is not in the subtree. Every node on the way is made unique (the rotations move
  // them), and the new node rises while its priority is higher than its parent's.
  void insert_at(Ptr& p, T&& v, std::uint64_t priority) {
    if (!p) {
      p = Ptr(new Node(std::move(v), priority));
      return;
    }
    Node* n = unique(p);
    if (less_(v, n->value)) {
      insert_at(n->left, std::move(v), priority);
      if (above(n->left.get(), n)) rotate_right(p);
    } else {
      insert_at(n->right, std::move(v), priority);
      if (above(n->right.get(), n)) rotate_left(p);
    }
  }

  // The node of `key` (present), with every node from the root to it made unique.
  Node* unique_path_to(const T& key) {
    Ptr* p = &root_;
    for (;;) {
      Node* n = unique(*p);
      if (less_(key, n->value))
        p = &n->left;
      else if (less_(n->value, key))
        p = &n->right;
      else
        return n;
    }
  }

  void erase_at(Ptr& root, const T& key) {
    Ptr* p = &root;
    for (;;) {
      Node* n = unique(*p);
      if (less_(key, n->value)) {
        p = &n->left;
      } else if (less_(n->value, key)) {
        p = &n->right;
      } else {
        *p = merge(std::move(n->left), std::move(n->right));
        return;
      }
    }
  }

  // Joins two subtrees, every element of `a` ordered before every element of `b`.
  Ptr merge(Ptr a, Ptr b) const {
    if (!a) return b;
    if (!b) return a;
    if (above(a.get(), b.get())) {
      Node* n = unique(a);
      n->right = merge(std::move(n->right), std::move(b));
      return a;
    }
    Node* n = unique(b);
    n->left = merge(std::move(a), std::move(n->left));
    return b;
  }

  Ptr root_;
  size_type size_ = 0;
  [[no_unique_address]] Less less_;
  [[no_unique_address]] Hash hash_;
};

}  // namespace vrsh::model
