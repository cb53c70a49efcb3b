package app.provisioning.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Work that features do every so often on each instance, from start-up to shutdown. A
 * feature registers its task when it is built; each task runs on a thread of its own, so
 * a slow one never delays another, and a task that throws is logged and runs again at its
 * next turn.
 * <p>
 * Tasks stop after the web server (web server lifecycles stop at higher phases) and
 * before the data source closes: the last requests are still counted and written. Work
 * spread over the cluster (reconciliation runs) uses db-scheduler instead, and the
 * webhook senders loop on threads of their own.
 */
@Component
public class BackgroundTasks implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

	private record Task(String name, Duration firstDelay, Duration every, Runnable work, boolean finalRun) {
	}

	private final List<Task> tasks = new CopyOnWriteArrayList<>();

	private List<ScheduledExecutorService> threads;

	/**
	 * Runs {@code work} every {@code every} (the time between the end of one run and the
	 * start of the next), the first time after {@code firstDelay}.
	 * @param name the thread's name, as thread dumps and logs show it
	 */
	public void every(Duration every, Duration firstDelay, String name, Runnable work) {
		this.tasks.add(new Task(name, firstDelay, every, work, false));
	}

	/**
	 * As {@link #every}, and once more when the server stops, so what the task keeps in
	 * memory is written.
	 */
	public void everyAndOnStop(Duration every, Duration firstDelay, String name, Runnable work) {
		this.tasks.add(new Task(name, firstDelay, every, work, true));
	}

	@Override
	public synchronized void start() {
		List<ScheduledExecutorService> started = new ArrayList<>();
		for (Task task : this.tasks) {
			ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread named = new Thread(runnable, task.name());
				named.setDaemon(true);
				return named;
			});
			thread.scheduleWithFixedDelay(() -> runQuietly(task), task.firstDelay().toMillis(), task.every().toMillis(),
					TimeUnit.MILLISECONDS);
			started.add(thread);
		}
		this.threads = started;
	}

	// A task that throws out of a scheduled executor is never run again.
	private static void runQuietly(Task task) {
		try {
			task.work().run();
		}
		catch (RuntimeException ex) {
			log.error("Background task {} failed; it runs again in {}", task.name(), task.every(), ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.threads == null) {
			return;
		}
		this.threads.forEach(ScheduledExecutorService::shutdownNow);
		for (ScheduledExecutorService thread : this.threads) {
			try {
				thread.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads = null;
		this.tasks.stream().filter(Task::finalRun).forEach(BackgroundTasks::runQuietly);
	}

	@Override
	public synchronized boolean isRunning() {
		return this.threads != null;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
