package app.provisioning.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tasks features register: a task that throws runs again at its next turn, a task
 * that must write what it holds runs once more when the server stops, and nothing runs
 * after that.
 */
class BackgroundTasksTest {

	@Test
	void aFailingTaskKeepsItsScheduleAndAFinalRunFollowsTheStop() {
		BackgroundTasks tasks = new BackgroundTasks();
		AtomicInteger failing = new AtomicInteger();
		AtomicInteger flushes = new AtomicInteger();
		tasks.every(Duration.ofMillis(10), Duration.ZERO, "failing-task", () -> {
			failing.incrementAndGet();
			throw new IllegalStateException("broken on purpose");
		});
		tasks.everyAndOnStop(Duration.ofHours(1), Duration.ofHours(1), "flush-task", flushes::incrementAndGet);
		tasks.start();
		assertThat(tasks.isRunning()).isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> failing.get() >= 3);
		assertThat(flushes.get()).as("not due before the stop").isZero();
		tasks.stop();
		assertThat(tasks.isRunning()).isFalse();
		assertThat(flushes.get()).as("one final run at the stop").isEqualTo(1);
		int afterStop = failing.get();
		Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
		assertThat(failing.get()).as("nothing runs after the stop").isEqualTo(afterStop);
	}

}
