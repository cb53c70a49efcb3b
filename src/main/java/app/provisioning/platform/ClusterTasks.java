package app.provisioning.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Work done once across the cluster, through db-scheduler on PostgreSQL: an instance of a
 * task is executed by exactly one server instance, and picked up by another if that one
 * dies (heartbeats). Features declare their tasks as beans: a {@link OneTimeTask} whose
 * instances they {@link #schedule}, or a {@link RecurringTask} executed once per
 * occurrence in the cluster (the reconciliation schedules, the purges of the sync log and
 * the change feed). Work every instance does on its own goes to {@link BackgroundTasks}.
 */
@Component
public class ClusterTasks implements SmartLifecycle {

	/**
	 * How this instance takes part.
	 *
	 * @param enabled whether this instance executes tasks; one that does not still
	 * schedules them, and another executes them
	 * @param pollInterval how often it looks for due task instances
	 * @param threads task instances it executes at the same time
	 */
	public record Settings(boolean enabled, Duration pollInterval, int threads) {
	}

	/**
	 * A feature whose tasks must end at a safe point when the instance stops: told before
	 * the scheduler starts and before it stops (it then waits up to 20 s for executions).
	 */
	public interface Participant {

		void beforeStart();

		void beforeStop();

	}

	private final DataSource dataSource;

	private final Settings settings;

	private final List<Task<?>> oneTime;

	private final List<RecurringTask<?>> recurring;

	private final List<Participant> participants;

	private final SchedulerClient client;

	// A db-scheduler cannot start again once stopped: each start builds a new one.
	private volatile Scheduler scheduler;

	private volatile boolean running;

	ClusterTasks(DataSource dataSource, Settings settings, List<OneTimeTask<?>> oneTime,
			List<RecurringTask<?>> recurring, List<Participant> participants) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.oneTime = List.copyOf(oneTime);
		this.recurring = List.copyOf(recurring);
		this.participants = List.copyOf(participants);
		// Writes task instances while this instance's scheduler is stopped or disabled;
		// another instance executes them.
		this.client = SchedulerClient.Builder.create(dataSource, this.oneTime).build();
	}

	/**
	 * Schedules a task instance unless one with its id exists; a running scheduler of
	 * this instance also looks at once for due work.
	 */
	public void schedule(TaskInstance<?> instance, Instant at) {
		Scheduler current = this.scheduler;
		SchedulerClient writer = (current != null) ? current : this.client;
		writer.scheduleIfNotExists(instance, at);
	}

	@Override
	public synchronized void start() {
		this.participants.forEach(Participant::beforeStart);
		if (this.settings.enabled()) {
			this.scheduler = Scheduler.create(this.dataSource, this.oneTime)
				.startTasks(this.recurring)
				.pollingInterval(this.settings.pollInterval())
				.heartbeatInterval(Duration.ofSeconds(30))
				.threads(this.settings.threads())
				.enableImmediateExecution()
				.shutdownMaxWait(Duration.ofSeconds(20))
				.build();
			this.scheduler.start();
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.participants.forEach(Participant::beforeStop);
		Scheduler stopping = this.scheduler;
		this.scheduler = null;
		if (stopping != null) {
			stopping.stop();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
