package se.samverkan.gateway.bhv;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Reads batch files the way the gateway does (validate, then record by record) and prints what happened
 * to each, and the most heap in use after any garbage collection. Started by {@link BhvLargeBatchTest} in
 * a JVM of its own with a small heap; prints counts and codes only, never a value from a file.
 */
public final class LargeBatchProbe {

    static final AtomicLong MOST_IN_USE_AFTER_GC = new AtomicLong();

    private LargeBatchProbe() {
    }

    public static void main(String[] files) {
        watchGarbageCollections();
        BhvBatchReader reader = new BhvBatchReader();
        for (String name : files) {
            Path file = Path.of(name);
            long started = System.nanoTime();
            try {
                reader.validate(file);
                long validated = System.nanoTime();
                int records = 0;
                int repeats = 0;
                try (BhvBatch batch = reader.open(file)) {
                    while (batch.records().hasNext()) {
                        records++;
                        repeats += batch.records().next().repeat() == null ? 0 : 1;
                    }
                }
                System.out.printf("RESULT %s read records=%d repeats=%d validateMs=%d readMs=%d%n", file.getFileName(),
                        records, repeats, (validated - started) / 1_000_000, (System.nanoTime() - validated) / 1_000_000);
            } catch (BatchRejectedException e) {
                System.out.printf("RESULT %s refused code=%s ms=%d%n", file.getFileName(), e.code(),
                        (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                System.out.printf("RESULT %s error %s%n", file.getFileName(), e.getClass().getName());
            }
        }
        System.out.printf("HEAP max=%d mostInUseAfterGc=%d%n", Runtime.getRuntime().maxMemory() >> 20,
                MOST_IN_USE_AFTER_GC.get() >> 20);
    }

    private static void watchGarbageCollections() {
        Set<String> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    long used = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heap.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    MOST_IN_USE_AFTER_GC.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}
