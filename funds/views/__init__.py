"""Pages of the funds app, one module per business."""
