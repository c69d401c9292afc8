package org.pixelwise.data;

/**
 * First-in first-out queue of pixel indices in a growable ring buffer. It holds only a
 * growth front, usually far smaller than the image, so it starts small and doubles on need.
 * The capacity stays a power of two so that wrapping around is a bit mask, not a division.
 */
public final class PixelQueue {
	private int[] items = new int[1024];
	private int head;
	private int size;

public void add(final int pixel) {
		if (size == items.length) {
			final int[] larger = new int[items.length * 2];
			for (int i = 0; i < size; i++) {
				larger[i] = items[(head + i) & (items.length - 1)];
			}
			items = larger;
			head = 0;
		}
		items[(head + size) & (items.length - 1)] = pixel;
		size++;
	}

public int remove() {
		final int pixel = items[head];
		head = (head + 1) & (items.length - 1);
		size--;
		return pixel;
	}

public boolean isEmpty() {
		return size == 0;
	}
}
