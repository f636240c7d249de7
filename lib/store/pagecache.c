/* pagecache.c: SQLite's page cache in one huge page, where there is one.
 *
 * These programs are started thousands of times from shell loops, and a
 * short run spends much of its time in page faults: on a virtual machine
 * the first touch of each 4 KiB page can cost 10 to 30 us.  Left to
 * itself, SQLite allocates its page cache 20 pages at a time and threads
 * them on a free list, touching every one: with 16 KiB pages, about 180
 * faults in a case-log.  One 2 MiB region that the kernel backs with a
 * transparent huge page costs one fault, however much of it is used.
 * Where the kernel gives no huge page (THP off, or none free), SQLite is
 * left to allocate as it does. */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#define HUGE_PAGE ((size_t)2 << 20)

void
page_cache_init(void)
{
	static int tried;
	size_t len = 2 * HUGE_PAGE;
	unsigned char resident = 0;
	char *map, *p;
	int hdr = 0, slot;

	/* Asked first: once SQLite has started, it is too late. */
	if (tried++ || sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) !=
	    SQLITE_OK)
		return;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return;
	/* Keep the aligned 2 MiB inside, which a huge page can back. */
	p = map + (HUGE_PAGE - (uintptr_t)map % HUGE_PAGE) % HUGE_PAGE;
	if (p > map)
		munmap(map, (size_t)(p - map));
	if (p + HUGE_PAGE < map + len)
		munmap(p + HUGE_PAGE, (size_t)(map + len - (p + HUGE_PAGE)));
	/* One touch: if a huge page came, its last 4 KiB is there too. */
	if (madvise(p, HUGE_PAGE, MADV_HUGEPAGE) != 0)
		goto none;
	p[0] = 0;
	if (mincore(p + HUGE_PAGE - 4096, 4096, &resident) != 0 ||
	    !(resident & 1))
		goto none;
	/* Slots for the store's 16 KiB pages; larger ones go to malloc. */
	slot = STORE_PAGE_SIZE + hdr;
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, p, slot,
	    (int)(HUGE_PAGE / (size_t)slot)) == SQLITE_OK)
		return;
none:
	/* No huge page, or SQLite started meanwhile. */
	munmap(p, HUGE_PAGE);
}
