import logging

logger = logging.getLogger(__name__)
logger.info("Using deepseek-chat for summaries")
