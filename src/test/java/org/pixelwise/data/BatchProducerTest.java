package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BatchProducerTest {

	@Test
	void aFailureAfterTheQueueFilledReachesTheConsumer() {
		final AtomicInteger made = new AtomicInteger();
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			try (BatchProducer producer = new BatchProducer(() -> new Batch(1, 2, 2, 1, 1), (batch,
				random) -> {
				if (made.incrementAndGet() > 3) throw new IllegalStateException("image 4 is unreadable");
			}, 1))
			{
				for (int i = 0; i < 3; i++)
					producer.next();
				final IllegalStateException e = assertThrows(IllegalStateException.class, producer::next);
				assertEquals("image 4 is unreadable", e.getMessage());
			}
		});
	}
}
