# -*- coding: utf-8 -*-
"""Persistent threads that run module code, so no thread is started per job per tick.

Quick tasks (most collects, checks and creates) run one after the other on the *lane*: at most ``lanes`` threads
at a time take them from one queue, in arrival order. Under the GIL more lanes would not make CPU-bound jobs faster,
only slower to switch. A task that waits (I/O) or runs long is *moved aside*:

- while it runs: once it has run ``aside_after`` seconds, its thread stops counting as a lane and another thread
  (an idle one, else a new one) takes the next quick tasks. A hung job therefore costs the others ``aside_after``,
  once; the runner kills the worker when the job's own timeout passes.
- next time: a task whose key was seen slow (moved aside, or twice in a row it spent at least ``BLOCKED`` seconds
  waiting and more than half its time waiting) is handed to a thread of its own at once, so jobs that block on I/O
  run concurrently. A key becomes quick again after ``QUICK_RUNS_TO_FORGET`` quick runs in a row. Waiting is judged
  only for tasks that ran alone (no other task ran meanwhile): waiting for the GIL looks the same as waiting for
  I/O; and twice, because a busy machine may leave any thread waiting for a core once.

The time a thread spends sending a task's reply (the task that completes a chunk of a batch encodes and writes it)
counts neither as that task's time nor as the next one's.

Setup tasks (checks, creates) wait behind the collects on the lane: a job already running keeps its tick while
thousands of others are still being checked, each of them moved aside after ``aside_after`` if it waits.

Threads are bounded by ``max_threads`` (a slow task waits for a free thread beyond it); threads beyond the lanes exit
after ``idle_keep`` seconds without work, so jobs that block every tick keep reusing theirs.

Thread-safety: every field below is guarded by ``_lock``; task bodies run outside it.
"""

import collections
import sys
import threading
import time

BLOCKED = 0.002
QUICK_RUNS_TO_FORGET = 3

_thread_time = getattr(time, 'thread_time', None)  # Python 3.7+; without it only elapsed time counts


class Task(object):
    """One piece of module code: ``run()`` returns the value given to ``done(value)``. ``key`` names what its speed
    is remembered by. ``aside()``, when given, is called when the supervisor moves the running task aside; a task
    that ``submit_all`` queues as slow is returned by it instead."""

    __slots__ = ('key', 'run', 'done', 'aside', 'setup')

    def __init__(self, key, run, done, aside=None, setup=False):
        self.key = key  # None: nothing is remembered of its speed
        self.run = run
        self.done = done
        self.aside = aside
        self.setup = setup  # a check or create: runs when no collect waits


class _Thread(object):
    __slots__ = ('thread', 'wake', 'task', 'started', 'lane', 'idle_since', 'alone', 'starts_seen')

    def __init__(self):
        self.thread = None
        self.wake = threading.Event()
        self.task = None
        self.started = 0.0  # None while the thread still sends the reply of the task before
        self.lane = False  # running a quick task as one of the lanes
        self.idle_since = 0.0
        self.alone = False  # no other task ran when this one started
        self.starts_seen = 0  # Lanes._starts when it started: another start since means it did not run alone


class Lanes(object):

    def __init__(self, lanes=1, max_threads=128, aside_after=0.05, idle_keep=60.0, clock=time.monotonic):
        self._lanes = max(1, lanes)
        self._max = max(self._lanes, max_threads)
        self._aside_after = aside_after
        self._idle_keep = idle_keep
        self._clock = clock
        self._lock = threading.Lock()
        self._quick = collections.deque()
        self._setup = collections.deque()  # quick tasks that wait for the lane after every quick collect
        self._slow = collections.deque()
        self._idle = []  # _Thread, most recently idle last
        self._threads = set()
        self._busy_lanes = 0
        self._running = 0  # tasks running, on any thread
        self._starts = 0  # tasks started so far
        self._slow_keys = {}  # key -> quick runs in a row since it was last slow
        self._waited_once = set()  # keys whose last run waited (once more and they are slow)
        self._supervisor_wake = threading.Condition(self._lock)
        self._supervisor_waiting = False  # it waits with no deadline: a new lane task must wake it
        self._stopped = False
        self._supervisor = threading.Thread(target=self._supervise, name='lanes supervisor', daemon=True)
        self._supervisor.start()

    # --- submitting ---

    def submit(self, task):
        with self._lock:
            if task.key in self._slow_keys:
                self._slow.append(task)
            elif task.setup:
                self._setup.append(task)
            else:
                self._quick.append(task)
            self._dispatch()

    def submit_all(self, tasks):
        """Queues the tasks; returns those queued as slow (each will run on a thread of its own)."""
        slow = []
        with self._lock:
            for task in tasks:
                if task.key in self._slow_keys:
                    self._slow.append(task)
                    slow.append(task)
                else:
                    self._quick.append(task)
            self._dispatch()
        return slow

    def forget(self, key):
        """Drops what is remembered of a key's speed (its job is gone)."""
        with self._lock:
            self._slow_keys.pop(key, None)
            self._waited_once.discard(key)

    def thread_count(self):
        with self._lock:
            return len(self._threads)

    def stop(self):
        with self._lock:
            self._stopped = True
            for worker in self._idle:
                worker.wake.set()
            self._supervisor_wake.notify()

    # --- scheduling (lock held) ---

    def _dispatch(self):
        """Hands queued work to idle threads, starting threads within the bound when none is idle."""
        while self._slow and self._take_thread():
            worker = self._idle.pop()
            self._start_task(worker, self._slow.popleft(), lane=False)
        while (self._quick or self._setup) and self._busy_lanes < self._lanes and self._take_thread():
            worker = self._idle.pop()
            self._start_task(worker, self._quick.popleft() if self._quick else self._setup.popleft(), lane=True)

    def _take_thread(self):
        if self._idle:
            return True
        if len(self._threads) >= self._max:
            return False
        worker = _Thread()
        worker.thread = threading.Thread(target=self._loop, args=(worker,), name='job lane', daemon=True)
        self._threads.add(worker)
        self._idle.append(worker)
        worker.thread.start()
        return True

    def _start_task(self, worker, task, lane):
        worker.task = task
        worker.started = self._clock()
        worker.lane = lane
        self._starts += 1
        worker.starts_seen = self._starts
        worker.alone = self._running == 0
        self._running += 1
        if lane:
            self._busy_lanes += 1
            if self._supervisor_waiting:
                self._supervisor_waiting = False
                self._supervisor_wake.notify()
        worker.wake.set()

    def _next_task(self, worker):
        """Work for a thread that just finished, or None (it goes idle)."""
        if self._slow:
            return self._slow.popleft(), False
        if self._busy_lanes < self._lanes:
            if self._quick:
                return self._quick.popleft(), True
            if self._setup:
                return self._setup.popleft(), True
        return None, False

    # --- the threads ---

    def _loop(self, worker):
        while True:
            worker.wake.wait(self._idle_keep)
            with self._lock:
                if worker.task is None:
                    # woken to stop, or idle too long: only threads beyond the lanes give up
                    if self._stopped or (len(self._threads) > self._lanes
                                         and self._clock() - worker.idle_since >= self._idle_keep):
                        if worker in self._idle:
                            self._idle.remove(worker)
                        self._threads.discard(worker)
                        return
                    worker.wake.clear()
                    continue
                worker.wake.clear()
                task = worker.task
            while task is not None:
                task = self._run(worker, task)

    def _run(self, worker, task):
        """Runs one task; returns the next one for this thread, or None once it is idle again."""
        cpu_start = _thread_time() if _thread_time else 0.0
        value = task.run()
        elapsed = self._clock() - worker.started
        waited = elapsed - (_thread_time() - cpu_start) if _thread_time else 0.0
        with self._lock:  # once per task: the bookkeeping of this one and the choice of the next
            self._running -= 1
            alone = worker.alone and worker.starts_seen == self._starts
            waited_long = alone and waited >= BLOCKED and waited * 2 > elapsed
            self._remember_speed(task.key, elapsed >= self._aside_after or self._waited_twice(task.key, waited_long))
            if worker.lane:
                self._busy_lanes -= 1
            worker.task = None
            worker.lane = False
            nxt, lane = self._next_task(worker)
            if nxt is None:
                worker.idle_since = self._clock()
                self._idle.append(worker)
                self._dispatch()
            else:
                self._start_task(worker, nxt, lane)
                worker.started = None  # set once the reply below is out: the supervisor leaves it be meanwhile
                worker.wake.clear()
        try:
            task.done(value)
        except Exception as error:  # a reply that could not go out must not cost the worker this thread
            sys.stderr.write('terrarium worker: a task\'s reply failed: {0!r}\n'.format(error))
        if nxt is not None:
            # the next task starts now: the reply just sent (a chunk of a batch may take milliseconds to encode)
            # is neither its waiting nor its time on the lane
            with self._lock:
                worker.started = self._clock()
                if worker.lane and self._supervisor_waiting:
                    self._supervisor_waiting = False
                    self._supervisor_wake.notify()
        return nxt

    def _waited_twice(self, key, waited):
        if not waited or key is None:
            self._waited_once.discard(key)
            return False
        if key in self._waited_once:
            self._waited_once.discard(key)
            return True
        self._waited_once.add(key)
        return False

    def _remember_speed(self, key, slow):
        if key is None:
            return
        if slow:
            self._slow_keys[key] = 0
            return
        quick_runs = self._slow_keys.get(key)
        if quick_runs is None:
            return
        if quick_runs + 1 >= QUICK_RUNS_TO_FORGET:
            del self._slow_keys[key]
        else:
            self._slow_keys[key] = quick_runs + 1

    # --- the supervisor ---

    def _supervise(self):
        while True:
            moved = []
            with self._lock:
                if self._stopped:
                    return
                now = self._clock()
                deadline = None
                for worker in self._threads:
                    if worker.task is None or not worker.lane or worker.started is None:
                        continue
                    due = worker.started + self._aside_after
                    if due <= now:
                        worker.lane = False
                        self._busy_lanes -= 1
                        if worker.task.key is not None:
                            self._slow_keys[worker.task.key] = 0
                        moved.append(worker.task)
                    elif deadline is None or due < deadline:
                        deadline = due
                if moved:
                    self._dispatch()
                else:
                    # a lane task started while this waits without a deadline wakes it (see _start_task)
                    self._supervisor_waiting = deadline is None
                    self._supervisor_wake.wait(None if deadline is None else max(0.001, deadline - now))
                    self._supervisor_waiting = False
                    continue
            # outside the lock: these may write to the protocol output
            for task in moved:
                if task.aside is not None:
                    task.aside()
