/**
 * Writes a trained Myelin model as an ONNX model. Exports the exporter and the protobuf classes generated from
 * {@code onnx.proto}, which {@code OnnxExporter.toModelProto} returns (hence protobuf is required transitively);
 * the graph-building helpers are package-private.
 */
module dev.myelin.onnx {
    requires dev.myelin.core;
    requires transitive com.google.protobuf;

    exports dev.myelin.onnx;
    exports dev.myelin.onnx.proto;
}
