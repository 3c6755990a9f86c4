# Partial stubs: NeMo names mapped onto neuraltypes (for static checking).
