// Photos are made smaller in the browser before they are sent: a phone's 12-megapixel picture
// becomes a JPEG of at most 1600 pixels a side (a few hundred kilobytes), which is quicker on
// a mobile connection and all the city needs.

export const kMaxSide = 1600;

// The size of a `width` × `height` picture scaled to fit `max` on its longer side (never up).
export function fitWithin(width: number, height: number, max = kMaxSide) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// The photo as a JPEG that fits within kMaxSide, turned upright by its EXIF orientation (the
// server removes the metadata anyway). Rejects what the browser cannot decode.
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const size = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no canvas");
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no JPEG"))), "image/jpeg", 0.85),
  );
}
