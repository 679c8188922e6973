//! Handing memory back to the system after heavy work. glibc's allocator keeps what a task
//! freed in its arenas (one per thread that allocated, up to eight per core) for reuse, so
//! after a sweep of 10,000 targets the app process stayed about 60 MB larger than before it
//! (`make bench`, the board's scenario). The app limits the arenas to two at start and trims
//! the heap after each sweep and each 检查全部账号; elsewhere (other systems, musl) both do
//! nothing.

/// At start, before the runtime's threads: at most two malloc arenas; blocks of 256 kB and
/// more mapped on their own (given back when freed), and free memory at the heap's top given
/// back beyond 1 MB. Fixed values also stop glibc from raising both thresholds as large
/// blocks come and go (a sorted 100,000-row page, a sweep).
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's parameters; called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1024 * 1024);
    }
}

/// After heavy work: returns the free pages of the heap to the system.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
