package dev.tandem.bridge.dds;

import java.io.IOException;
import sensor_msgs.msg.dds.Image;
import sensor_msgs.msg.dds.ImagePubSubType;
import std_msgs.msg.dds.HeaderPubSubType;
import us.ihmc.idl.CDR;
import us.ihmc.idl.IDLSequence;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * {@code sensor_msgs/Image} with room for camera images: the generated {@link ImagePubSubType}
 * bounds the pixel data at 100 bytes (its writer throws, its reader cannot take a real image). This
 * type is the same message on the wire with up to {@value #MAX_BYTES} bytes of data: it writes the
 * fields in the generated order without that bound, and reads into a message that has room. The
 * data buffer is allocated once per thread and reused: a sample must be consumed by the callback
 * that receives it (as {@link DdsParticipant#reader} does), not kept.
 */
public final class LargeImageType extends ImagePubSubType {

  /** The largest image's data (8 MiB: 1920 x 1080 rgb8 fits). */
  public static final int MAX_BYTES = 8 << 20;

  private static final ThreadLocal<Image> REUSED =
      ThreadLocal.withInitial(LargeImageType::newImage);

  /** A message whose data holds up to {@link #MAX_BYTES} (for writers). */
  public static Image newImage() {
    Image m = new Image();
    m.data_ = new IDLSequence.Byte(MAX_BYTES, "type_9");
    return m;
  }

  private final CDR out = new CDR();

  @Override
  public void serialize(Image m, SerializedPayload payload) throws IOException {
    out.serialize(payload);
    HeaderPubSubType.write(m.getHeader(), out);
    out.write_type_4(m.getHeight());
    out.write_type_4(m.getWidth());
    out.write_type_d(m.getEncoding());
    out.write_type_9(m.getIsBigendian());
    out.write_type_4(m.getStep());
    out.write_type_e(m.getData());
    out.finishSerialize();
  }

  @Override
  public Image createData() {
    Image m = REUSED.get();
    m.getData().resetQuick();
    return m;
  }

  @Override
  public int getTypeSize() {
    return CDR.getTypeSize(ImagePubSubType.getMaxCdrSerializedSize() + MAX_BYTES);
  }

  @Override
  public LargeImageType newInstance() {
    return new LargeImageType();
  }
}
