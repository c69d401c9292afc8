package org.pixelwise.bioimage;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TensorFlow operations that {@link GraphSafety} refuses in a foreign model, each with the
 * one-line reason a user reads when a model is refused for it. An image-to-image network needs
 * none of them: they read or write files, reach other processes or the network, or call back
 * into Python. File paths may also name cloud storage (gs://, s3://), so the file operations can
 * reach the network too. Every name was checked against the op registry of TensorFlow 2.18
 * (GraphSafetyTest checks it again, so a TensorFlow upgrade that renames one is noticed).
 */
public final class RiskyOps {

	private static final Map<String, String> REFUSED = new TreeMap<>();
	private static final Map<String, String> CHECKPOINT_READS = new TreeMap<>();
	private static final Map<String, String> CHECKPOINT_WRITES = new TreeMap<>();

	static {
		add(REFUSED, "reads a file", "ReadFile");
		add(REFUSED, "writes a file", "WriteFile");
		add(REFUSED, "lists the files that match a path pattern", "MatchingFiles");
		add(REFUSED, "memory-maps the file named by its memory_region_name", "ImmutableConst");
		add(REFUSED, "changes a file system's configuration, such as cloud storage credentials",
			"FileSystemSetConfiguration");
		add(REFUSED, "reads a protobuf descriptor file when descriptor_source names one",
			"DecodeProtoV2", "EncodeProto");
		add(REFUSED, "writes statistics to the file named by its output_file_path",
			"CalibrationStatisticsSaver");

		add(REFUSED, "reads whole files", "WholeFileReader", "WholeFileReaderV2");
		add(REFUSED, "reads lines of text files", "TextLineReader", "TextLineReaderV2",
			"TextLineDataset");
		add(REFUSED, "reads TFRecord files", "TFRecordReader", "TFRecordReaderV2",
			"TFRecordDataset", "TFRecordDatasetV2", "RecordInput");
		add(REFUSED, "reads fixed-length records from files", "FixedLengthRecordReader",
			"FixedLengthRecordReaderV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2");
		add(REFUSED, "reads LMDB database files", "LMDBReader", "LMDBDataset",
			"ExperimentalLMDBDataset");
		add(REFUSED, "reads CSV files", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset");
		add(REFUSED, "runs a query on an SQLite database file", "SqlDataset",
			"ExperimentalSqlDataset");
		add(REFUSED, "lists the files that match a path pattern", "MatchingFilesDataset",
			"ExperimentalMatchingFilesDataset");
		add(REFUSED, "writes dataset snapshots to a folder and reads them back", "SnapshotDataset",
			"SnapshotDatasetV2");
		add(REFUSED, "reads dataset snapshot files", "SnapshotDatasetReader",
			"SnapshotNestedDatasetReader", "SnapshotChunkDataset", "ListSnapshotChunksDataset");
		add(REFUSED, "writes a dataset to files in a folder", "SaveDataset", "SaveDatasetV2");
		add(REFUSED, "reads a dataset saved in a folder", "LoadDataset");
		add(REFUSED, "caches dataset elements in files when given a file name", "CacheDataset",
			"CacheDatasetV2");
		add(REFUSED, "writes a dataset to a TFRecord file", "DatasetToTFRecord",
			"ExperimentalDatasetToTFRecord");
		add(REFUSED, "fills a lookup table from a text file", "InitializeTableFromTextFile",
			"InitializeTableFromTextFileV2");
		add(REFUSED, "reads vocabulary files", "GenerateVocabRemapping");
		add(REFUSED, "reads a matrix from a checkpoint file", "LoadAndRemapMatrix");

		add(REFUSED, "opens an event file for summaries", "CreateSummaryFileWriter");
		add(REFUSED, "opens an SQLite database file for summaries", "CreateSummaryDbWriter");
		add(REFUSED, "writes a summary to a summary writer's file", "WriteSummary",
			"WriteScalarSummary", "WriteImageSummary", "WriteAudioSummary", "WriteHistogramSummary",
			"WriteGraphSummary", "WriteRawProtoSummary", "ImportEvent");
		add(REFUSED, "writes a summary writer's pending events to its file", "FlushSummaryWriter",
			"CloseSummaryWriter");
		add(REFUSED, "prints to a file when output_stream starts with file://", "PrintV2");
		add(REFUSED, "sends tensors to the file:// or grpc:// addresses in debug_urls",
			"DebugIdentity", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary");
		add(REFUSED, "writes tensors to the debugger dump folder in debug_urls", "DebugIdentityV2");

		add(REFUSED, "calls Python code", "PyFunc", "PyFuncStateless", "EagerPyFunc");

		add(REFUSED, "passes tensors to another device or process", "_Send", "_Recv", "Send",
			"Recv", "_HostSend", "_HostRecv");
		add(REFUSED, "runs a function on another device or process", "RemoteCall");
		add(REFUSED, "makes remote procedure calls over the network", "RpcClient", "RpcCall",
			"RpcCheckStatus", "RpcGetValue", "DeleteRpcFutureResource");
		add(REFUSED, "serves remote procedure calls over the network", "RpcServer",
			"RpcServerRegister", "RpcServerStart");
		add(REFUSED, "reads a dataset from a tf.data service over the network",
			"DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3",
			"DataServiceDatasetV4");
		add(REFUSED, "registers a dataset with a tf.data service over the network",
			"RegisterDataset", "RegisterDatasetV2");
		add(REFUSED, "has a tf.data service write a dataset to a folder", "DistributedSave");
		add(REFUSED, "exchanges tensors with other devices or workers", "CollectiveReduce",
			"CollectiveReduceV2", "CollectiveReduceV3", "CollectiveGather", "CollectiveGatherV2",
			"CollectiveBcastSend", "CollectiveBcastSendV2", "CollectiveBcastRecv",
			"CollectiveBcastRecvV2", "CollectiveAllToAllV2", "CollectiveAllToAllV3",
			"CollectiveReduceScatterV2", "CollectivePermute", "CollectiveInitializeCommunicator");
		add(REFUSED, "exchanges tensors with other GPUs through NCCL", "NcclAllReduce", "NcclReduce",
			"NcclBroadcast", "_NcclReduceSend", "_NcclReduceRecv", "_NcclBroadcastSend",
			"_NcclBroadcastRecv");

		add(CHECKPOINT_READS, "reads a checkpoint file", "RestoreV2", "Restore", "RestoreSlice",
			"DTensorRestoreV2");
		add(CHECKPOINT_WRITES, "writes a checkpoint file", "SaveV2", "Save", "SaveSlices");
		add(CHECKPOINT_WRITES, "merges checkpoint files and deletes the originals",
			"MergeV2Checkpoints");
	}

	private RiskyOps() {}

	private static void add(final Map<String, String> list, final String reason,
		final String... ops)
	{
		for (final String op : ops)
			if (list.put(op, reason) != null) throw new IllegalStateException(op + " listed twice");
	}

	/** Op type to reason, sorted by op type: ops refused anywhere in a graph or its functions. */
	public static Map<String, String> refused() {
		return Collections.unmodifiableMap(REFUSED);
	}

	/**
	 * Op type to reason for the checkpoint ops. Every SavedModel has them in its saver, which
	 * TensorFlow runs on the package's own variables file, so they are refused only where the
	 * model's prediction or start-up runs them (see {@link GraphSafety}).
	 */
	public static Map<String, String> checkpoint() {
		final Map<String, String> all = new TreeMap<>(CHECKPOINT_READS);
		all.putAll(CHECKPOINT_WRITES);
		return Collections.unmodifiableMap(all);
	}

	static boolean readsCheckpoint(final String op) {
		return CHECKPOINT_READS.containsKey(op);
	}

	static boolean writesCheckpoint(final String op) {
		return CHECKPOINT_WRITES.containsKey(op);
	}
}
