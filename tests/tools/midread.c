/* midread: runs a command and changes a file while the command reads
 * it, at one chosen moment, for the tests of evidence-add's refusal of
 * evidence that changes as it is read (tests/evidence-changes.bats).
 *
 *   midread how file command [argument ...]
 *
 * The command's reads are held by a seccomp filter that reports them to
 * midread (SECCOMP_RET_USER_NOTIF) and waits for its answer.  Just
 * before the command's second read of file (read, pread, readv,
 * copy_file_range, sendfile or splice: the first piece is read, the rest
 * not yet), midread changes the file as how says, then lets the read go
 * on:
 *
 *   rewrite   its last 4 KiB in place, each byte inverted: the same size
 *   backdate  the same, then its modification time put back: only the
 *             change time tells
 *   append    4 KiB more at its end
 *   replace   a copy, rewritten so, renamed over its name
 *
 * No timing and no retries: the change falls between the same two reads
 * every time.  It waits, first, for the clock that stamps a file's times
 * (which ticks every few milliseconds) to pass the file's change time,
 * so that the change gives it a new one.  Exits with the command's
 * status, or 99 if the command never read the file twice, so that a test
 * cannot pass by changing nothing. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif

#define PATCH 4096

static const char *prog = "midread";

#ifdef ARCH
static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(98);
}

/* The system calls that read a file's bytes; the fd read is argument 0
 * but for sendfile's (1). */
static const int reads[] = { SYS_read, SYS_pread64, SYS_readv, SYS_preadv,
    SYS_preadv2, SYS_copy_file_range, SYS_sendfile, SYS_splice };
#define NREADS (int)(sizeof reads / sizeof reads[0])

/* In the child: every read held for the parent; returns the listener. */
static int
hold_reads(void)
{
	struct sock_filter f[4 + NREADS + 2];
	struct sock_fprog p = { .len = 4 + NREADS + 2, .filter = f };
	int i = 0;

	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH,
	    1, 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (int k = 0; k < NREADS; k++, i++)
		f[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)reads[k], (unsigned char)(NREADS - k), 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_USER_NOTIF);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die("no_new_privs");
	i = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER, &p);
	if (i < 0)
		die("seccomp");
	return i;
}

static void
send_fd(int sock, int fd)
{
	char c = 0, ctl[CMSG_SPACE(sizeof fd)] = { 0 };
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof fd);
	memcpy(CMSG_DATA(h), &fd, sizeof fd);
	if (sendmsg(sock, &m, 0) != 1)
		die("sendmsg");
}

static int
recv_fd(int sock)
{
	char c, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *h;
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || (h = CMSG_FIRSTHDR(&m)) == NULL ||
	    h->cmsg_type != SCM_RIGHTS)
		die("recvmsg");
	memcpy(&fd, CMSG_DATA(h), sizeof fd);
	return fd;
}

/* Waits until a file written now gets a change time after the file's. */
static void
next_tick(int fd)
{
	struct timespec now, nap = { 0, 500000 };
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		die("fstat");
	for (;;) {
		clock_gettime(CLOCK_REALTIME_COARSE, &now);
		if (now.tv_sec > sb.st_ctim.tv_sec ||
		    (now.tv_sec == sb.st_ctim.tv_sec &&
		    now.tv_nsec > sb.st_ctim.tv_nsec))
			return;
		nanosleep(&nap, NULL);
	}
}

/* A copy of path, to be renamed over it; returns it open. */
static int
copy_of(const char *path, char *copy, size_t cap)
{
	unsigned char buf[1 << 16];
	ssize_t n;
	int in = open(path, O_RDONLY | O_CLOEXEC), out;

	snprintf(copy, cap, "%s.midread", path);
	if (in < 0 || (out = open(copy, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0)
		die(copy);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(copy);
	if (n < 0)
		die(path);
	close(in);
	return out;
}

static void
change(const char *how, const char *path)
{
	unsigned char buf[PATCH];
	char copy[4096];
	struct timespec times[2];
	struct stat sb;
	off_t at;
	ssize_t n;
	int fd = strcmp(how, "replace") == 0 ?
	    copy_of(path, copy, sizeof copy) : open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) != 0)
		die(path);
	next_tick(fd);
	if (strcmp(how, "append") == 0) {
		memset(buf, 'x', sizeof buf);
		if (pwrite(fd, buf, sizeof buf, sb.st_size) != sizeof buf)
			die("append");
	} else {
		at = sb.st_size > PATCH ? sb.st_size - PATCH : 0;
		if ((n = pread(fd, buf, sizeof buf, at)) <= 0)
			die("pread");
		for (ssize_t i = 0; i < n; i++)
			buf[i] ^= 0xff;
		if (pwrite(fd, buf, (size_t)n, at) != n)
			die("rewrite");
		times[0] = sb.st_atim;
		times[1] = sb.st_mtim;
		if (strcmp(how, "backdate") == 0 && futimens(fd, times) != 0)
			die("futimens");
	}
	if (strcmp(how, "replace") == 0 && rename(copy, path) != 0)
		die("rename");
	close(fd);
}

/* Answers the child's reads until it is gone; changes the file before
 * its second read of it.  Returns whether it did. */
static int
serve(int listener, const char *how, const char *path,
    const struct stat *target)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	struct stat sb;
	char proc[64];
	int seen = 0;

	for (;;) {
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (!(pfd.revents & POLLIN))
			break;
		memset(&req, 0, sizeof req);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			die("receive");
		}
		snprintf(proc, sizeof proc, "/proc/%d/fd/%d", req.pid,
		    (int)req.data.args[req.data.nr == SYS_sendfile]);
		if (stat(proc, &sb) == 0 && sb.st_dev == target->st_dev &&
		    sb.st_ino == target->st_ino && ++seen == 2)
			change(how, path);
		memset(&resp, 0, sizeof resp);
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 &&
		    errno != ENOENT)
			die("answer");
	}
	return seen >= 2;
}
#endif

int
main(int argc, char *argv[])
{
#ifdef ARCH
	struct stat target;
	int sv[2], listener, status, changed;
	pid_t pid;

	if (argc < 4 || (strcmp(argv[1], "rewrite") != 0 &&
	    strcmp(argv[1], "backdate") != 0 && strcmp(argv[1], "append") != 0 &&
	    strcmp(argv[1], "replace") != 0)) {
		fprintf(stderr, "usage: %s rewrite|backdate|append|replace file "
		    "command [argument ...]\n", prog);
		return 2;
	}
	if (stat(argv[2], &target) != 0)
		die(argv[2]);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		die("socketpair");
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		close(sv[0]);
		listener = hold_reads();
		send_fd(sv[1], listener);
		close(listener);
		close(sv[1]);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "%s: %s: %s\n", prog, argv[3], strerror(errno));
		_exit(127);
	}
	close(sv[1]);
	listener = recv_fd(sv[0]);
	close(sv[0]);
	changed = serve(listener, argv[1], argv[2], &target);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!changed) {
		fprintf(stderr, "%s: %s was not read twice: nothing changed\n",
		    prog, argv[2]);
		return 99;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
#else
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: not built for this machine\n", prog);
	return 77;
#endif
}
